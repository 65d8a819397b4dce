package th.obec.dmc.kernel;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spreadsheet work beyond the queue's bound is refused at once with a 503 problem, not queued without end. */
@ExtendWith(VertxExtension.class)
class WorkersTest {

  @Test
  void aFullSheetsQueueRefusesAtOnceWithRetryAfter(Vertx vertx) throws Exception {
    Workers workers = Workers.create(vertx, 1, 1, 2, ShedMeter.none());
    CountDownLatch release = new CountDownLatch(1);
    var running = workers.sheets("a", () -> release.await(10, TimeUnit.SECONDS));
    var refused = workers.sheets("b", () -> true);
    assertTrue(refused.failed(), "refused without waiting");
    Problem p = (Problem) refused.cause();
    assertEquals(503, p.status());
    assertEquals("SHEETS_BUSY", p.code());
    assertEquals(5, p.retryAfterSeconds());
    release.countDown();
    assertTrue(running.await(10, TimeUnit.SECONDS));
    assertTrue(workers.sheets("b", () -> true).await(10, TimeUnit.SECONDS), "room again once the first is done");
    workers.close();
  }

  /** Issue 29: every sheet step counts against its account: past the account's places, 429 TOO_MANY_JOBS. */
  @Test
  void anAccountPastItsPlacesGets429WhileOthersStillGetIn(Vertx vertx) throws Exception {
    Workers workers = Workers.create(vertx, 8, 1, 2, ShedMeter.none());
    CountDownLatch release = new CountDownLatch(1);
    var first = workers.sheets("a", () -> release.await(10, TimeUnit.SECONDS));
    var second = workers.sheets("a", () -> release.await(10, TimeUnit.SECONDS));
    var third = workers.sheets("a", () -> true);
    assertTrue(third.failed(), "refused without waiting");
    Problem p = (Problem) third.cause();
    assertEquals(429, p.status());
    assertEquals("TOO_MANY_JOBS", p.code());
    var other = workers.sheets("b", () -> true);
    assertTrue(!other.failed(), "another account still gets in (it waits for a thread, not refused)");
    release.countDown();
    assertTrue(other.await(10, TimeUnit.SECONDS));
    assertTrue(first.await(10, TimeUnit.SECONDS) && second.await(10, TimeUnit.SECONDS));
    workers.close();
  }
}
