package th.obec.dmc.app;

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

  private final ShedMeter meter;

  private Workers(WorkerExecutor sheets, WorkerExecutor crypto, int maxSheetJobs, ShedMeter meter) {
    this.meter = meter;
    this.sheets = sheets;
    this.crypto = crypto;
    this.maxSheetJobs = maxSheetJobs;
  }

  public static Workers create(Vertx vertx, int maxSheetJobs, ShedMeter meter) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Workers(
        vertx.createSharedWorkerExecutor("dmc-sheets", Math.max(2, cores)),
        vertx.createSharedWorkerExecutor("dmc-crypto", Math.max(2, cores)),
        maxSheetJobs, meter);
  }

  /** Runs spreadsheet work (POI, parsing, hashing files) if the queue has room; otherwise fails with 503. */
  public <T> Future<T> sheets(Callable<T> work) {
    if (sheetJobs.incrementAndGet() > maxSheetJobs) {
      sheetJobs.decrementAndGet();
      meter.sheetsQueue();
      return Future.failedFuture(Problem.busy("SHEETS_BUSY",
          "Many workbooks are being processed right now. Try again in a few seconds.",
          "ขณะนี้มีไฟล์รอประมวลผลจำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่", 5));
    }
    return sheets.executeBlocking(work, false).andThen(done -> sheetJobs.decrementAndGet());
  }

  public WorkerExecutor crypto() {
    return crypto;
  }

  public void close() {
    sheets.close();
    crypto.close();
  }
}
