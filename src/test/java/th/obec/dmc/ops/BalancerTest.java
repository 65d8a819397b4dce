package th.obec.dmc.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.TestCertificates;
import th.obec.dmc.support.TestServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/**
 * The gateway behind the real HAProxy, run from {@code deploy/haproxy-gateway.cfg} as it is (only the addresses come
 * from the environment, as the file provides): the login throttle sees each school's own address, which the
 * balancer writes into X-Forwarded-For and the gateway believes from the balancer only (issue 19 item 1), operations routes are not public and {@code /ready} floods cost one query a
 * second (item 8), and slow headers and connection floods are cut at the balancer (item 10).
 */
@ExtendWith(VertxExtension.class)
class BalancerTest {
  private static final Path CONFIG = Path.of("deploy", "haproxy-gateway.cfg");

  private static TestServer server;
  private static Process haproxy;
  private static int balancerPort;
  private static int tlsPort;
  private static Path ca;
  private static Vertx vertx;
  private static final Map<String, WebClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void setUp(Vertx v) throws Exception {
    vertx = v;
    server = TestServer.start(v, BalancerTest.class, Map.of("DMC_TRUSTED_PROXIES", "127.0.0.1",
        "DMC_METRICS_PORT", "0"));
    balancerPort = freePort();
    tlsPort = freePort();
    TestCertificates certificates = TestCertificates.ca(Files.createTempDirectory("balancer-tls"));
    Path pem = certificates.pem("balancer");
    ca = certificates.caCert();
    String node = "127.0.0.1:" + server.port();
    // Its own session, so that it is stopped by its process group, never by name.
    ProcessBuilder pb = new ProcessBuilder("setsid", "haproxy", "-db", "-f", CONFIG.toString())
        .redirectErrorStream(true).redirectOutput(Files.createTempFile("haproxy", ".log").toFile());
    pb.environment().putAll(Map.of("LB_BIND", "127.0.0.1:" + balancerPort, "LB_TLS_BIND", "127.0.0.1:" + tlsPort,
        "TLS_CERT", pem.toString(), "NODE1", node, "NODE2", node));
    haproxy = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (get("127.0.0.1", "/health").statusCode() == 200) break;
      } catch (AssertionError notYet) {
        // the balancer is not listening yet
      }
      if (System.nanoTime() > deadline) throw new AssertionError("HAProxy never passed a request to the gateway");
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    clients.values().forEach(WebClient::close);
    if (haproxy != null) {
      new ProcessBuilder("kill", "-TERM", "--", "-" + haproxy.pid()).start().waitFor(10, TimeUnit.SECONDS);
      haproxy.waitFor(10, TimeUnit.SECONDS);
    }
    if (server != null) server.close();
  }

  /** Item 1: 25 wrong passwords from one school lock that school's address, not the balancer's. */
  @Test
  void wrongPasswordsFromOneClientDoNotLockAnotherClientBehindTheBalancer() {
    for (int i = 0; i < 25; i++) {
      int status = post("127.0.0.2", "/api/v1/auth/token",
          new JsonObject().put("username", "admin").put("password", "wrong-password-" + i)).statusCode();
      assertTrue(status == 401 || status == 429, "attempt " + i + ": " + status);
    }
    assertProblem(post("127.0.0.2", "/api/v1/auth/token",
        new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD)), 429, "TOO_MANY_ATTEMPTS");
    HttpResponse<Buffer> other = post("127.0.0.3", "/api/v1/auth/token",
        new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD));
    assertEquals(200, other.statusCode(), other::bodyAsString);
    // The audit trail names the guessing client's own address, which only the balancer could tell.
    String events = get("127.0.0.3", "/api/v1/audit", other.bodyAsJsonObject().getString("access_token")).bodyAsString();
    assertTrue(events.contains("\"address\":\"127.0.0.2\""), events);
  }

  /** A client naming itself someone else in X-Forwarded-For is still counted under its own address. */
  @Test
  void aForgedForwardedForIsReplacedByTheBalancer() {
    for (int i = 0; i < 5; i++) {
      await(client("127.0.0.9").post("/api/v1/auth/token").putHeader("X-Forwarded-For", "10.9.9." + i)
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", "forged-" + i)));
    }
    var refused = await(client("127.0.0.9").post("/api/v1/auth/token").putHeader("X-Forwarded-For", "10.9.9.99")
        .sendJsonObject(new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD)));
    assertProblem(refused, 429, "TOO_MANY_ATTEMPTS");
  }

  /** Item 8: /metrics is never answered through the balancer, whatever the spelling; the management port has it. */
  @Test
  void metricsAreServedOnTheManagementPortOnlyAndDeniedAtTheBalancer() {
    for (String path : List.of("/metrics", "//metrics", "/METRICS", "/%6detrics", "/metrics?x=1")) {
      assertEquals(404, get("127.0.0.4", path).statusCode(), path);
    }
    assertTrue(managementMetrics().contains("dmc_ready_checks_total"));
  }

  /**
   * Issue 31 item 9: the public face is https. A login goes through over TLS and its answer carries
   * Strict-Transport-Security; plain http carries nothing: it is redirected to https, the password never read.
   */
  @Test
  void loginsGoOverTlsAndPlainHttpIsRedirected() throws Exception {
    Fixtures.user(server, server.adminToken(), "tls.user", "obec_admin", null, null);
    HttpResponse<Buffer> login = post("127.0.0.10", "/api/v1/auth/session",
        new JsonObject().put("username", "tls.user").put("password", Fixtures.PASSWORD));
    assertEquals(200, login.statusCode(), login.bodyAsString());
    assertEquals("max-age=31536000", login.getHeader("Strict-Transport-Security"));
    try (Socket plain = connectFrom("127.0.0.11")) {
      plain.setSoTimeout(5000);
      String body = "{\"username\":\"tls.user\",\"password\":\"" + Fixtures.PASSWORD + "\"}";
      plain.getOutputStream().write(("POST /api/v1/auth/token HTTP/1.1\r\nHost: dmc.example.go.th\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      String answer = readAll(plain.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 301") && answer.contains("location: https://dmc.example.go.th/api/v1/auth/token")
          && !answer.contains("access_token"), answer);
    }
  }

  /** Item 8: a flood of /ready through the balancer is answered from one database check a second. */
  @Test
  void aFloodOfReadinessProbesCostsOneQueryASecond() throws Exception {
    double before = readyChecks();
    WebClient client = client("127.0.0.5");
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) answers.add(client.get("/ready").send());
    Future.join(answers).await(60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    for (var a : answers) assertEquals(200, a.result().statusCode(), a.result().bodyAsString());
    double checks = readyChecks() - before;
    assertTrue(checks >= 1 && checks <= Math.ceil(seconds) + 1,
        checks + " database checks for 200 probes in " + seconds + " s");
  }

  /** Item 10: a client sending its headers a line at a time is answered 408 and cut at the balancer. */
  @Test
  void slowHeadersAreCutAtTheBalancer() throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.6"), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", balancerPort));
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      String answer = null;
      // A header line every second, never the blank line that ends them.
      for (int i = 0; i < 20 && answer == null; i++) {
        try {
          out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(1000);
        if (socket.getInputStream().available() > 0) answer = readAll(socket.getInputStream());
      }
      if (answer == null) answer = readAll(socket.getInputStream());
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(answer.startsWith("HTTP/1.1 408") || answer.isEmpty(), answer);
      assertTrue(seconds < 15, "cut after " + seconds + " s");
    }
  }

  /** Item 10: a client opening connection after connection is refused past 200 open ones; others are not. */
  @Test
  void oneClientCannotHoldMoreThanTwoHundredConnections() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) held.add(connectFrom("127.0.0.7"));
      // The balancer counts a connection once it has accepted it: wait until all 200 are tracked.
      Thread.sleep(500);
      try (Socket extra = connectFrom("127.0.0.7")) {
        extra.setSoTimeout(5000);
        extra.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("", readAll(extra.getInputStream()), "the 201st connection is closed unanswered");
      } catch (java.net.SocketException reset) {
        // closed before the request could be written: refused as well
      }
      assertEquals(200, get("127.0.0.8", "/health").statusCode(), "another client is served");
    } finally {
      for (Socket s : held) s.close();
    }
  }

  private static Socket connectFrom(String address) throws Exception {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    socket.connect(new InetSocketAddress("127.0.0.1", balancerPort));
    return socket;
  }

  private static String readAll(InputStream in) throws java.io.IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (java.net.SocketException reset) {
      return "";
    }
  }

  private static double readyChecks() {
    Matcher m = Pattern.compile("(?m)^dmc_ready_checks_total\\{[^}]*} (\\S+)$").matcher(managementMetrics());
    assertTrue(m.find(), "dmc_ready_checks_total is published");
    return Double.parseDouble(m.group(1));
  }

  private static String managementMetrics() {
    int port = server.app().metricsPort().orElseThrow();
    WebClient direct = WebClient.create(vertx);
    try {
      return direct.get(port, "127.0.0.1", "/metrics").send().await(30, TimeUnit.SECONDS).bodyAsString();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      direct.close();
    }
  }

  /** A client at {@code from} speaking https to the balancer, trusting the test's own CA only. */
  private static WebClient client(String from) {
    return clients.computeIfAbsent(from, a -> WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(tlsPort).setSsl(true).setTrustOptions(new io.vertx.core.net.PemTrustOptions()
            .addCertPath(ca.toString())).setLocalAddress(a), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(50)));
  }

  private static HttpResponse<Buffer> get(String from, String path) {
    return get(from, path, null);
  }

  private static HttpResponse<Buffer> get(String from, String path, String token) {
    var request = client(from).get(path);
    if (token != null) request.bearerTokenAuthentication(token);
    return await(request.send());
  }

  private static HttpResponse<Buffer> post(String from, String path, JsonObject body) {
    return await(client(from).post(path).sendJsonObject(body));
  }

  private static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> answer) {
    try {
      return answer.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer through the balancer: " + e, e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
