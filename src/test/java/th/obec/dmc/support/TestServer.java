package th.obec.dmc.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import th.obec.dmc.app.App;
import th.obec.dmc.app.Config;
import th.obec.dmc.db.DatabaseUrl;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server on a random port against a real PostgreSQL, and a WebClient that speaks HTTP to it.
 * Calls wait for their answer so a test reads top to bottom like the user's steps.
 */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private final App app;
  private final WebClient client;
  private final Vertx vertx;
  /** Clients sending from other loopback addresses (127.0.0.x), to act as other machines. */
  private final Map<String, WebClient> fromAddress = new java.util.concurrent.ConcurrentHashMap<>();
  public final DatabaseUrl db;
  public final Path dataDir;

  /** Blocked-thread warnings seen before this server started: only later ones are this server's. */
  private final int blockedBefore;

  private TestServer(Vertx vertx, App app, WebClient client, DatabaseUrl db, Path dataDir, int blockedBefore) {
    this.blockedBefore = blockedBefore;
    this.vertx = vertx;
    this.app = app;
    this.client = client;
    this.db = db;
    this.dataDir = dataDir;
  }

  /** A server on a fresh database of the owner class. */
  public static TestServer start(Vertx vertx, Class<?> owner, Map<String, String> env) throws Exception {
    return start(vertx, TestDatabase.fresh(owner), ClassResources.folder(owner, "dmc-data"), env);
  }

  public static TestServer start(Vertx vertx, DatabaseUrl db, Path dataDir, Map<String, String> extra) throws Exception {
    if (db == null) TestDatabase.ensureStarted();
    Map<String, String> env = new HashMap<>();
    env.put("DMC_HTTP_PORT", "0");
    env.put("DMC_HTTP_INSTANCES", "1");
    if (db != null) {
      env.put("DMC_DB_URL", db.withPassword());
    }
    env.put("DMC_DATA_DIR", dataDir.toString());
    env.put("DMC_ADMIN_PASSWORD", ADMIN_PASSWORD);
    // The blocked-thread check, set explicitly: an event loop held over two seconds is a failure of the class
    // (not tighter: on a loaded 2-core CI machine a runnable event loop can wait for a core that long).
    env.put("DMC_EVENT_LOOP_MAX_MS", "2000");
    env.putAll(extra);
    int blockedBefore = BlockedThreadWatch.seen().size();
    App app = App.start(Config.fromEnv(env)).await(2, TimeUnit.MINUTES);
    if (!extra.containsKey(FRESH_ADMIN)) settleFirstAdmin(db != null ? db : app.embeddedUrl().orElseThrow());
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(app.port()));
    return new TestServer(vertx, app, client, db, dataDir, blockedBefore);
  }

  /**
   * An environment key the server does not read: with it, the first admin still has to change the first
   * password, as on a fresh installation. Without it the tests start after that first change.
   */
  public static final String FRESH_ADMIN = "TEST_FRESH_ADMIN";

  /**
   * The first admin as an operator leaves it after the first login: the password rules met and the first
   * password changed (here kept, so every test logs in with {@link #ADMIN_PASSWORD}). A fresh admin's own
   * first login is tested where that is the case.
   */
  static void settleFirstAdmin(DatabaseUrl db) {
    TestDatabase.sql(db, "UPDATE app_user SET must_change_password = false WHERE username = 'admin' AND created_by = 'bootstrap'");
  }

  public int port() {
    return app.port();
  }

  public App app() {
    return app;
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return send(auth(client.get(path), token), null);
  }

  public HttpResponse<Buffer> getWithHeader(String path, String header, String value) {
    return send(client.get(path).putHeader(header, value), null);
  }

  public HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    return send(json(auth(client.post(path), token), body), body == null ? Buffer.buffer() : body.toBuffer());
  }

  public HttpResponse<Buffer> postBytes(String path, String token, byte[] body) {
    return send(auth(client.post(path), token), Buffer.buffer(body));
  }

  public HttpResponse<Buffer> postBytesWithHeader(String path, String token, byte[] body, String header, String value) {
    return send(auth(client.post(path), token).putHeader(header, value), Buffer.buffer(body));
  }

  public HttpResponse<Buffer> postFile(String path, String token, String filename, byte[] content) {
    MultipartForm form = MultipartForm.create()
        .binaryFileUpload("file", filename, Buffer.buffer(content), "application/octet-stream");
    return await(auth(client.post(path), token).sendMultipartForm(form));
  }

  public String login(String username, String password) {
    HttpResponse<Buffer> r = post("/api/v1/auth/token", null,
        new JsonObject().put("username", username).put("password", password));
    assertEquals(200, r.statusCode(), () -> "login of " + username + ": " + r.bodyAsString());
    return r.bodyAsJsonObject().getString("access_token");
  }

  public String adminToken() {
    return login("admin", ADMIN_PASSWORD);
  }

  private WebClient from(String address) {
    return fromAddress.computeIfAbsent(address, a -> WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(app.port()).setLocalAddress(a)));
  }

  /** A POST sent from another loopback address, as another machine would send it. */
  public HttpResponse<Buffer> postFrom(String address, String path, JsonObject body) {
    return postFrom(address, path, null, body);
  }

  public HttpResponse<Buffer> postFrom(String address, String path, String token, JsonObject body) {
    return send(json(auth(from(address).post(path), token), body), body.toBuffer());
  }

  public String loginFrom(String address, String username, String password) {
    HttpResponse<Buffer> r = postFrom(address, "/api/v1/auth/token",
        new JsonObject().put("username", username).put("password", password));
    assertEquals(200, r.statusCode(), () -> "login of " + username + ": " + r.bodyAsString());
    return r.bodyAsJsonObject().getString("access_token");
  }

  private static HttpRequest<Buffer> json(HttpRequest<Buffer> request, JsonObject body) {
    return body == null ? request : request.putHeader("Content-Type", "application/json");
  }

  private static HttpRequest<Buffer> auth(HttpRequest<Buffer> request, String token) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) {
    return await(body == null ? request.send() : request.sendBuffer(body));
  }

  private static HttpResponse<Buffer> await(io.vertx.core.Future<HttpResponse<Buffer>> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no HTTP answer: " + e, e);
    }
  }

  /** Stops the server and fails the test class if any event loop was blocked while it ran. */
  @Override
  public void close() throws Exception {
    client.close();
    fromAddress.values().forEach(WebClient::close);
    app.close().await(60, TimeUnit.SECONDS);
    var seen = BlockedThreadWatch.seen();
    var mine = seen.subList(Math.min(blockedBefore, seen.size()), seen.size());
    assertTrue(mine.isEmpty(), () -> "event loop blocked: " + mine);
  }
}
