package th.obec.dmc.kernel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writing a long download with backpressure, and giving up on a client that stops reading: after the
 * stall timeout, or at once when the connection closes, the write fails, so the cursor, the transaction
 * and the pooled connection behind the download are released instead of waiting for ever.
 */
public final class Downloads {
  private final Vertx vertx;
  private final long stallMillis;

  public Downloads(Vertx vertx, long stallMillis) {
    this.vertx = vertx;
    this.stallMillis = stallMillis;
  }

  /** Writes, and completes once the response can take more; fails if the client stalls or goes away. */
  public Future<Void> write(HttpServerResponse response, Buffer bytes) {
    if (response.closed()) return Future.failedFuture(gone());
    if (bytes.length() > 0) response.write(bytes);
    if (!response.writeQueueFull()) return Future.succeededFuture();
    Promise<Void> drained = Promise.promise();
    long timer = vertx.setTimer(stallMillis, id -> {
      if (drained.tryFail(new IllegalStateException("download stalled for " + stallMillis + " ms"))) response.reset();
    });
    response.drainHandler(v -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    response.closeHandler(v -> {
      vertx.cancelTimer(timer);
      drained.tryFail(gone());
    });
    return drained.future();
  }

  private static IllegalStateException gone() {
    return new IllegalStateException("the client closed the download");
  }
}
