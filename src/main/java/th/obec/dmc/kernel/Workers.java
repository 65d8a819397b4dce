package th.obec.dmc.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pools that blocking work runs on, named so they show in metrics. Spreadsheets and
 * password hashing get their own pools so that neither can starve the other or the event loops.
 * Spreadsheet work also has a bounded queue: past it the answer is 503, not an ever longer wait.
 */
public final class Workers {
  private final WorkerExecutor sheets;
  private final WorkerExecutor crypto;
  private final int maxSheetJobs;
  private final AtomicInteger sheetJobs = new AtomicInteger();
  private final int maxHashJobs;
  private final AtomicInteger hashJobs = new AtomicInteger();

  private final ShedMeter meter;
  /** Jobs each account holds now (one small entry per account that ever asked: at most the accounts there are). */
  private final ConcurrentHashMap<String, AtomicInteger> perHolder =
      new ConcurrentHashMap<>();
  private final int maxPerHolder;

  private Workers(WorkerExecutor sheets, WorkerExecutor crypto, int maxSheetJobs, int maxHashJobs, int maxPerHolder,
                  ShedMeter meter) {
    this.maxPerHolder = maxPerHolder;
    this.maxHashJobs = maxHashJobs;
    this.meter = meter;
    this.sheets = sheets;
    this.crypto = crypto;
    this.maxSheetJobs = maxSheetJobs;
  }

  public static Workers create(Vertx vertx, int maxSheetJobs, int maxHashJobs, int maxPerHolder, ShedMeter meter) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Workers(
        vertx.createSharedWorkerExecutor("dmc-sheets", Math.max(2, cores)),
        vertx.createSharedWorkerExecutor("dmc-crypto", Math.max(2, cores)),
        maxSheetJobs, maxHashJobs, maxPerHolder, meter);
  }

  /**
   * Password hashing (deliberately slow) if its queue has room; otherwise 503 at once. A wave of logins
   * must not become a queue that outlives the clients waiting on it.
   */
  public <T> Future<T> hashing(Callable<T> work) {
    return inHashQueue(() -> crypto.executeBlocking(work, false));
  }

  /**
   * A whole login (its database reads and writes as well as its hash) holding one place of the hashing queue
   * from start to end, or 503 LOGIN_BUSY at once: the 08:30 wave then never takes more of the database pool
   * than the queue's few places, and the schools already answering keep their connections. The hash inside
   * runs with {@link #hashingAdmitted}.
   */
  public <T> Future<T> login(Supplier<Future<T>> whole) {
    return inHashQueue(whole);
  }

  private <T> Future<T> inHashQueue(Supplier<Future<T>> job) {
    return bounded(hashJobs, maxHashJobs, () -> {
      meter.hashQueue();
      return Problem.busy("LOGIN_BUSY", "Many people are logging in right now. Try again in a few seconds.",
          "ขณะนี้มีผู้เข้าสู่ระบบจำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่", 2);
    }, job);
  }

  /** Password hashing for a login already admitted by {@link #login}: never refused halfway through. */
  public <T> Future<T> hashingAdmitted(Callable<T> work) {
    return crypto.executeBlocking(work, false);
  }

  /**
   * Runs one step of spreadsheet work (POI, parsing, hashing files) for an account: counted against the
   * account's own few places (429 past them) and the shared queue (503 past it), like every other sheet job.
   */
  public <T> Future<T> sheets(String holder, Callable<T> work) {
    return admitted(holder, () -> sheets.executeBlocking(work, false));
  }

  /**
   * A spreadsheet job of several steps (an upload: hash, parse, check, commit), admitted as one: it
   * holds one place in the bounded queue from its first step to its last, so it is refused whole at
   * the start or not at all. The steps run with {@link #continuing}.
   */
  public <T> Future<T> admitted(Supplier<Future<T>> job) {
    return bounded(sheetJobs, maxSheetJobs, () -> {
      meter.sheetsQueue();
      return Problem.busy("SHEETS_BUSY", "Many workbooks are being processed right now. Try again in a few seconds.",
          "ขณะนี้มีไฟล์รอประมวลผลจำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่", 5);
    }, job);
  }

  /**
   * As {@link #admitted(java.util.function.Supplier)}, for a job an account asked for: past its own few places
   * (DMC_SHEET_PER_ACCOUNT) it is 429 TOO_MANY_JOBS, whatever room the queue has, so one school's dry runs
   * never hold every place while others wait.
   */
  public <T> Future<T> admitted(String holder, Supplier<Future<T>> job) {
    AtomicInteger mine = perHolder.computeIfAbsent(holder, h -> new AtomicInteger());
    return bounded(mine, maxPerHolder, () -> {
      meter.perAccount();
      return new Problem(429, "TOO_MANY_JOBS", "Too many requests",
          "You already have " + maxPerHolder + " workbooks being processed. Wait for one to finish, then try again.",
          "บัญชีนี้มีไฟล์กำลังประมวลผลอยู่ " + maxPerHolder + " งานแล้ว กรุณารอให้งานหนึ่งเสร็จก่อนแล้วลองใหม่")
          .retryAfter(5);
    }, () -> admitted(job));
  }

  /** A job that holds one of {@code max} places until it ends; with none free, the busy problem at once. */
  private static <T> Future<T> bounded(AtomicInteger jobs, int max, Supplier<Problem> busy,
                                       Supplier<Future<T>> job) {
    if (jobs.incrementAndGet() > max) {
      jobs.decrementAndGet();
      return Future.failedFuture(busy.get());
    }
    Future<T> running;
    try {
      running = job.get();
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    return running.andThen(done -> jobs.decrementAndGet());
  }

  /**
   * Spreadsheet work for a job already admitted (the rest of an upload, a report's next step): it
   * runs on the same bounded pool but is never refused halfway through.
   */
  public <T> Future<T> continuing(Callable<T> work) {
    return sheets.executeBlocking(work, false);
  }

  public void close() {
    sheets.close();
    crypto.close();
  }
}
