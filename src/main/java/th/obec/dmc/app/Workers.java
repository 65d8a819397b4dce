package th.obec.dmc.app;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * The bounded pools that blocking work runs on, named so they show in metrics. Spreadsheets and
 * password hashing get their own pools so that neither can starve the other or the event loops.
 */
public record Workers(WorkerExecutor sheets, WorkerExecutor crypto) {

  public static Workers create(Vertx vertx) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new Workers(
        vertx.createSharedWorkerExecutor("dmc-sheets", Math.max(2, cores)),
        vertx.createSharedWorkerExecutor("dmc-crypto", Math.max(2, cores)));
  }

  public void close() {
    sheets.close();
    crypto.close();
  }
}
