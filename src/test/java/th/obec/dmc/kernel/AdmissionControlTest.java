package th.obec.dmc.kernel;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static th.obec.dmc.support.Problems.assertProblem;

/** Past the bound on requests in flight the answer is an immediate 503 with Retry-After, never a hang. */
@ExtendWith(VertxExtension.class)
class AdmissionControlTest {

  @Test
  void aRequestPastTheBoundIsShedAtOnceAndHealthIsNever(Vertx vertx) throws Exception {
    AdmissionControl admission = new AdmissionControl(1, ShedMeter.none());
    Promise<Void> release = Promise.promise();
    Router router = Router.router(vertx);
    router.route().handler(admission);
    router.get("/api/v1/slow").handler(ctx -> release.future().onComplete(v -> ctx.response().end("done")));
    router.get("/health").handler(ctx -> ctx.response().end("UP"));
    router.route().failureHandler(new ProblemHandler(ShedMeter.none()));
    var server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    WebClient client = WebClient.create(vertx);
    try {
      var first = client.get(server.actualPort(), "localhost", "/api/v1/slow").send();
      for (int i = 0; i < 100 && admission.inFlight() == 0; i++) TimeUnit.MILLISECONDS.sleep(10);
      assertEquals(1, admission.inFlight());

      var shed = client.get(server.actualPort(), "localhost", "/api/v1/slow").send().await(10, TimeUnit.SECONDS);
      assertProblem(shed, 503, "SERVER_BUSY");
      assertEquals("2", shed.getHeader("Retry-After"));
      assertEquals(1, admission.shed());
      // Spellings of the same path count against the same bound.
      for (String path : new String[] {"//api/v1/slow", "/%61pi/v1/slow", "/api/./v1/slow"}) {
        var also = client.get(server.actualPort(), "localhost", path).send().await(10, TimeUnit.SECONDS);
        assertProblem(also, 503, "SERVER_BUSY");
      }
      assertEquals(4, admission.shed());
      assertEquals(200, client.get(server.actualPort(), "localhost", "/health").send().await(10, TimeUnit.SECONDS).statusCode());

      release.complete();
      assertEquals("done", first.await(10, TimeUnit.SECONDS).bodyAsString());
      for (int i = 0; i < 100 && admission.inFlight() > 0; i++) TimeUnit.MILLISECONDS.sleep(10);
      assertEquals(0, admission.inFlight(), "the slot is given back when the answer ends");
    } finally {
      client.close();
      server.close().await(10, TimeUnit.SECONDS);
    }
  }
}
