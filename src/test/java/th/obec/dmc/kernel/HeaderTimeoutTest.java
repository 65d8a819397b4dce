package th.obec.dmc.kernel;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.TestServer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 item 10: the gateway's own header timeout (2 s here). A client sending a header line every half second
 * never trips the idle timeout (60 s), and the read timeout starts only once the headers are in; the header
 * timeout closes it, on a new connection and on a kept-alive one. Prompt clients are untouched.
 */
@ExtendWith(VertxExtension.class)
class HeaderTimeoutTest {
  private static TestServer server;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, HeaderTimeoutTest.class, Map.of("DMC_HTTP_HEADER_TIMEOUT", "2"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void aNewConnectionTricklingItsHeadersIsCut() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      double seconds = secondsUntilClosed(socket);
      assertTrue(seconds < 4.5, "closed after " + seconds + " s");
    }
  }

  /** Issue 29 item 7: empty lines before the request line (which Netty skips) do not disarm the deadline. */
  @Test
  void aClientSendingBlankLinesFirstIsStillCutAtTheDeadline() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      double seconds = secondsUntilClosed(socket);
      assertTrue(seconds < 4.5, "closed after " + seconds + " s");
    }
  }

  @Test
  void aKeptAliveConnectionTricklingItsNextHeadersIsCut() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("HTTP/1.1 200 OK", statusLine(socket.getInputStream()));
      double seconds = secondsUntilClosed(socket);
      assertTrue(seconds < 4.5, "closed after " + seconds + " s");
    }
  }

  @Test
  void promptRequestsOnAKeptAliveConnectionAreServed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      for (int i = 0; i < 3; i++) {
        // A blank line before a request is allowed (RFC 9112 2.2) and served as usual.
        socket.getOutputStream().write(((i == 0 ? "\r\n" : "") + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 200 OK", statusLine(socket.getInputStream()));
        Thread.sleep(1000);
      }
    }
  }

  /** Sends a request's headers a line every half second, never ending them; how long until the server closes. */
  private static double secondsUntilClosed(Socket socket) throws Exception {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    long start = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(500);
      try {
        out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.setSoTimeout(1);
        if (in.read() == -1) break;
      } catch (java.net.SocketTimeoutException stillOpen) {
        // nothing to read yet: still open
      } catch (java.io.IOException closed) {
        break;
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static String statusLine(InputStream in) throws java.io.IOException {
    StringBuilder all = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      all.append((char) c);
      if (c == '}') break;
    }
    return all.toString().lines().findFirst().orElse("");
  }
}
