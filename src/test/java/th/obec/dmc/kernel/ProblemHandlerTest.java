package th.obec.dmc.kernel;

import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static th.obec.dmc.support.Problems.assertProblem;

/** Failures that are nobody's input still get a problem body: busy is 503 with Retry-After, a bug is a 500 without a trace. */
@ExtendWith(VertxExtension.class)
class ProblemHandlerTest {

  @Test
  void aFullPoolQueueIs503WithRetryAfterAndABugIs500WithoutItsStackTrace(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.get("/busy").handler(ctx -> ctx.fail(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 0")));
    router.get("/bug").handler(ctx -> {
      throw new IllegalStateException("secret internal detail");
    });
    router.route().failureHandler(new ProblemHandler(ShedMeter.none()));
    var server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    try {
      var busy = client.get(server.actualPort(), "localhost", "/busy").send().await(10, TimeUnit.SECONDS);
      assertProblem(busy, 503, "DATABASE_BUSY");
      assertEquals("2", busy.getHeader("Retry-After"));

      var bug = client.get(server.actualPort(), "localhost", "/bug").send().await(10, TimeUnit.SECONDS);
      assertProblem(bug, 500, "INTERNAL_ERROR");
      assertFalse(bug.bodyAsString().contains("secret internal detail"));
      assertFalse(bug.bodyAsString().contains("IllegalStateException"));
    } finally {
      client.close();
      server.close().await(10, TimeUnit.SECONDS);
    }
  }
}
