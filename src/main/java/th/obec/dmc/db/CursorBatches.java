package th.obec.dmc.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Drains a cursor in batches, handled one at a time and in the cursor's order (written to a file or a
 * response by a worker). The next batch is fetched while one is handled; past that the cursor pauses until
 * the handling catches up, so memory holds two or three batches whatever the number of rows.
 */
public final class CursorBatches {
  private CursorBatches() {}

  public static <R, T> Future<Void> forEach(ReadStream<R> stream, int size, Function<R, T> map,
                                         Function<List<T>, Future<?>> handle) {
    Promise<Void> done = Promise.promise();
    List<T> batch = new ArrayList<>(size);
    // Handlers run on the stream's event loop, so this state needs no locks.
    int[] pending = {0};
    boolean[] paused = {false};
    @SuppressWarnings("unchecked")
    Future<?>[] tail = new Future[] {Future.succeededFuture()};
    stream.exceptionHandler(done::tryFail);
    stream.handler(row -> {
      batch.add(map.apply(row));
      if (batch.size() < size) return;
      List<T> full = new ArrayList<>(batch);
      batch.clear();
      pending[0]++;
      tail[0] = tail[0].compose(v -> handle.apply(full)).onComplete(ar -> {
        pending[0]--;
        if (ar.failed()) {
          done.tryFail(ar.cause());
        } else if (paused[0] && pending[0] < 2) {
          paused[0] = false;
          stream.resume();
        }
      });
      // One batch is handled while the next is fetched; a third waits.
      if (pending[0] >= 2) {
        paused[0] = true;
        stream.pause();
      }
    });
    stream.endHandler(v -> {
      List<T> rest = new ArrayList<>(batch);
      tail[0].compose(x -> handle.apply(rest)).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }
}
