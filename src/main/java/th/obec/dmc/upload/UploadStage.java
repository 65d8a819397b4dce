package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * An upload's valid rows between reading and writing: added batch by batch while the file is read; applied at the
 * end of the upload's transaction, the only time the school's counts lock is held; or discarded when the file has
 * errors. Every call comes from the upload's event loop, in order.
 */
public interface UploadStage {
  /**
   * Whether {@link #add} writes rows at once, in the upload's transaction, which is then opened before the file is
   * read (the roll: its kept counts deferred, it holds nothing an answer needs until the apply recounts). Otherwise
   * the rows wait, and no transaction is open while the file is read.
   */
  default boolean writesWhileReading() {
    return false;
  }

  Future<Void> add(List<ValidRow> rows);

  /** Writes every staged row in {@code tx}; what it changed. */
  Future<Changes> apply(SqlConnection tx);

  /** Forgets the rows; safe to call after {@link #apply} and more than once. */
  Future<Void> discard();
}
