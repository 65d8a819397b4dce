package th.obec.dmc.existence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.ProblemHandler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * 10 November's answers of many schools written together: one batch is written at a time, and the requests
 * that arrive meanwhile wait for the next, which takes up to {@code DMC_ANSWER_BATCH} of them (at most one per
 * school; a school's second request waits for the batch after). No timer delays anything: a lone request is
 * a batch of one, written at once. Under load the commit, the statement triggers and the round trip are
 * shared by the whole batch (existence_answer_batch), and each request still gets its own outcome.
 *
 * <p>A batch that fails as a whole answers each member 503 with Retry-After: the database lost, or a
 * transaction that could not complete (serialization, deadlock, statement timeout). Every existence request
 * is idempotent, so the retry is safe. Any other failure is not the members' doing as a group: each member is
 * then written alone, so one bad request cannot fail its neighbours.
 *
 * <p>No school can hold the others back. The batch only tries each school's locks: a school whose lock is
 * held elsewhere (its roll being applied, its director certifying) comes back BUSY and its request waits
 * here, out of the batches, and is tried again alone-or-with-others a moment later, up to {@link #BUSY_WAIT};
 * its neighbours are written at once. And at most {@code DMC_ANSWER_PER_SCHOOL} requests of one school wait
 * here at a time: the next is 429 at once, so a school's own flood is a short queue, not a long wait.
 */
final class AnswerCoalescer {
  private static final Logger log = LoggerFactory.getLogger(AnswerCoalescer.class);
  /** SQL states of a transaction that may succeed if simply tried again. */
  private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "57014", "55P03");
  /** How long a request whose school stays busy is tried again before it is answered 503. */
  static final long BUSY_WAIT = TimeUnit.SECONDS.toNanos(10);
  /** The longest pause between two tries of a busy school's request. */
  private static final long MAX_RETRY_MILLIS = 250;

  private final ExistenceRepository repository;
  private final Round round;
  private final BusinessClock clock;
  private final Vertx vertx;
  private final int maxBatch;
  private final int perSchool;
  /** Requests of each school waiting here now, busy ones included; a school with none has no entry. */
  private final Map<String, Integer> waitingBySchool = new HashMap<>();
  private final DistributionSummary batchSizes;
  private final Counter splits;
  private final Timer batchTimes;
  private final MeterRegistry metrics;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  /**
   * Whether a batch is being written. One at a time: two were tried (while one batch's commit waits for its WAL
   * flush the next would already run) and gave no more answers a second on this 2-core machine and a worse p99
   * (docs/benchmarks.md), since the gateway's own CPU is the larger share here.
   */
  private boolean writing;

  /** A request waiting for its batch, with the context its answer goes back to, since when, and its tries. */
  private record Waiting(ExistenceRepository.Call call, Context context, Promise<ExistenceRepository.Answered> answer,
                         long arrived, int tries) {
    Waiting tried() {
      return new Waiting(call, context, answer, arrived, tries + 1);
    }
  }

  AnswerCoalescer(Vertx vertx, ExistenceRepository repository, Round round, BusinessClock clock, int maxBatch,
                  int perSchool, MeterRegistry metrics) {
    this.vertx = vertx;
    this.perSchool = perSchool;
    this.repository = repository;
    this.round = round;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.batchSizes = DistributionSummary.builder("dmc.answer.batch.size")
        .description("Existence requests written in one transaction (DMC_ANSWER_BATCH at most)")
        .publishPercentileHistogram(false)
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
        .register(metrics);
    this.splits = Counter.builder("dmc.answer.batch.splits")
        .description("Batches that failed as a whole for a reason not worth a retry, whose requests were then written one by one")
        .register(metrics);
    this.metrics = metrics;
    this.batchTimes = Timer.builder("dmc.answer.batch.seconds")
        .description("Time to write one batch of answers, from its statement sent to its result")
        .register(metrics);
    Gauge.builder("dmc.answer.queue", this, AnswerCoalescer::queued)
        .description("Existence requests waiting for the batch being written to finish")
        .register(metrics);
  }

  private synchronized int queued() {
    return queue.size();
  }

  /**
   * The request's outcome once its batch is written; a failed batch fails it with a Problem or the cause. A
   * school that already has {@code DMC_ANSWER_PER_SCHOOL} requests waiting gets 429 at once.
   */
  Future<ExistenceRepository.Answered> submit(ExistenceRepository.Call call) {
    Promise<ExistenceRepository.Answered> answer = Promise.promise();
    List<Waiting> batch;
    synchronized (this) {
      int waiting = waitingBySchool.getOrDefault(call.school(), 0);
      if (waiting >= perSchool) return Future.failedFuture(schoolQueueFull(call.school()));
      waitingBySchool.put(call.school(), waiting + 1);
      queue.add(new Waiting(call, Vertx.currentContext(), answer, System.nanoTime(), 0));
      if (writing) return answer.future();
      writing = true;
      batch = take();
    }
    write(batch);
    return answer.future();
  }

  /** The next batch from the queue, in arrival order, one request per school. Called holding the lock. */
  private List<Waiting> take() {
    List<Waiting> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
    Set<String> schools = new HashSet<>();
    for (Iterator<Waiting> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
      Waiting w = it.next();
      if (schools.add(w.call().school())) {
        batch.add(w);
        it.remove();
      }
    }
    return batch;
  }

  /** A request of a batch that failed as data, written alone so that only its own fault refuses it. */
  private void writtenAlone(Waiting w) {
    written(List.of(w.call())).map(list -> list.get(0))
        .recover(e -> Future.failedFuture(asProblem(e)))
        .onComplete(alone -> {
          if (alone.succeeded()) answerOrRetry(w, alone.result());
          else deliver(w, alone);
        });
  }

  private void write(List<Waiting> batch) {
    batchSizes.record(batch.size());
    Timer.Sample started = Timer.start(metrics);
    written(calls(batch)).onComplete(result -> {
      started.stop(batchTimes);
      // The next batch goes first: whatever becomes of this batch's answers, the queue never stalls.
      next();
      if (result.succeeded()) {
        for (int i = 0; i < batch.size(); i++) answerOrRetry(batch.get(i), result.result().get(i));
      } else if (batch.size() > 1 && !retryable(result.cause())) {
        log.warn("event=answer_batch_failed size={} error={} note=\"each request written alone\"", batch.size(),
            result.cause().toString());
        splits.increment();
        for (Waiting w : batch) writtenAlone(w);
      } else {
        Throwable failure = asProblem(result.cause());
        for (Waiting w : batch) deliver(w, Future.failedFuture(failure));
      }
    });
  }

  private Future<List<ExistenceRepository.Answered>> written(List<ExistenceRepository.Call> calls) {
    return repository.answerBatch(round, clock.now(), calls);
  }

  private void next() {
    List<Waiting> batch;
    synchronized (this) {
      if (queue.isEmpty()) {
        writing = false;
        return;
      }
      batch = take();
    }
    write(batch);
  }

  /**
   * A BUSY request is tried again after a short pause (growing with its tries), out of the queue meanwhile so
   * that the batches go on without it; past {@link #BUSY_WAIT} it is answered 503. Every other outcome is its answer.
   */
  private void answerOrRetry(Waiting w, ExistenceRepository.Answered answered) {
    if (answered.outcome() != Outcome.BUSY) {
      deliver(w, Future.succeededFuture(answered));
    } else if (System.nanoTime() - w.arrived() > BUSY_WAIT) {
      deliver(w, Future.failedFuture(schoolBusy()));
    } else {
      long pause = Math.min(MAX_RETRY_MILLIS, 25L << Math.min(w.tries(), 4));
      vertx.setTimer(pause, id -> again(w.tried()));
    }
  }

  /** A busy request back at the head of the queue: it came before anything queued since. */
  private void again(Waiting w) {
    List<Waiting> batch;
    synchronized (this) {
      queue.addFirst(w);
      if (writing) return;
      writing = true;
      batch = take();
    }
    write(batch);
  }

  private static List<ExistenceRepository.Call> calls(List<Waiting> batch) {
    List<ExistenceRepository.Call> calls = new ArrayList<>(batch.size());
    for (Waiting w : batch) calls.add(w.call());
    return calls;
  }

  /** The answer goes back on the request's own event loop, which owns its HTTP response. */
  private void deliver(Waiting w, AsyncResult<ExistenceRepository.Answered> result) {
    synchronized (this) {
      waitingBySchool.computeIfPresent(w.call().school(), (school, n) -> n > 1 ? n - 1 : null);
    }
    if (w.context() == null) {
      settle(w, result);
    } else {
      w.context().runOnContext(v -> settle(w, result));
    }
  }

  private static void settle(Waiting w, AsyncResult<ExistenceRepository.Answered> result) {
    if (result.succeeded()) {
      w.answer().tryComplete(result.result());
    } else {
      w.answer().tryFail(result.cause());
    }
  }

  private static boolean retryable(Throwable e) {
    return ProblemHandler.databaseUnreachable(e) || e instanceof PgException pg && TRANSIENT.contains(pg.getSqlState());
  }

  /**
   * A transient failure as 503 with Retry-After; data the database refused as data (SQL class 22, the one
   * request's own fault, since a lone request is what fails so) as 422; a lost database is left for the
   * ProblemHandler (also 503).
   */
  private static Throwable asProblem(Throwable e) {
    if (e instanceof PgException pg && TRANSIENT.contains(pg.getSqlState())) {
      return Problem.busy("DATABASE_BUSY", "The answers could not be saved this time; nothing was saved. Try again.",
          "ระบบยังบันทึกคำตอบไม่ได้ในครั้งนี้ ข้อมูลยังไม่ถูกบันทึก กรุณาลองใหม่อีกครั้ง", 1);
    }
    if (e instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      return Problem.unprocessable("INVALID_ANSWER_DATA",
          "The request holds a value the database cannot store (" + pg.getSqlState() + "); nothing was saved. Check the"
              + " rooms, reasons and IDs sent.",
          "คำขอมีค่าที่ระบบบันทึกไม่ได้ ข้อมูลยังไม่ถูกบันทึก กรุณาตรวจสอบห้อง เหตุผล และเลขประจำตัวที่ส่ง", null);
    }
    return e;
  }

  private Problem schoolQueueFull(String school) {
    return new Problem(429, "TOO_MANY_REQUESTS", "Too many requests",
        "School " + school + " already has " + perSchool + " answers waiting to be saved. Wait for them, then send again.",
        "โรงเรียน " + school + " มีคำตอบรอบันทึกอยู่แล้ว " + perSchool + " รายการ กรุณารอให้บันทึกเสร็จแล้วส่งใหม่")
        .retryAfter(1);
  }

  private static Problem schoolBusy() {
    return Problem.busy("SCHOOL_BUSY",
        "The school's data is being changed by another task (a roll upload or a certification); nothing was saved."
            + " Try again in a few seconds.",
        "ข้อมูลของโรงเรียนกำลังถูกแก้ไขโดยงานอื่น (การส่งไฟล์รายชื่อหรือการรับรอง) ข้อมูลยังไม่ถูกบันทึก"
            + " กรุณาลองใหม่ในอีกสักครู่", 2);
  }
}
