package th.obec.dmc.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Drains a cursor in batches, one at a time: the cursor is paused while a batch is handled (written to a
 * file or a response by a worker) and resumed when it is done, so memory holds one batch whatever the
 * number of rows, and batches are handled in the cursor's order.
 */
public final class CursorBatches {
  private CursorBatches() {}

  public static <T> Future<Void> forEach(RowStream<Row> stream, int size, Function<Row, T> map,
                                         Function<List<T>, Future<?>> handle) {
    Promise<Void> done = Promise.promise();
    List<T> batch = new ArrayList<>(size);
    @SuppressWarnings("unchecked")
    Future<?>[] tail = new Future[] {Future.succeededFuture()};
    stream.exceptionHandler(done::tryFail);
    stream.handler(row -> {
      batch.add(map.apply(row));
      if (batch.size() < size) return;
      List<T> full = new ArrayList<>(batch);
      batch.clear();
      stream.pause();
      tail[0] = tail[0].compose(v -> handle.apply(full))
          .onSuccess(v -> stream.resume())
          .onFailure(done::tryFail);
    });
    stream.endHandler(v -> {
      List<T> rest = new ArrayList<>(batch);
      tail[0].compose(x -> handle.apply(rest)).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }
}
