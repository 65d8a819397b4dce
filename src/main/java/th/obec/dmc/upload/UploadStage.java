package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;

/**
 * An upload's valid rows between reading and writing: added batch by batch while the file is read, with no
 * transaction open; applied at the end inside the upload's one short transaction, the only time the school's
 * locks are held; or discarded when the file has errors. Every call comes from the upload's event loop, in order.
 */
public interface UploadStage {
  Future<Void> add(List<ValidRow> rows);

  /** Writes every staged row in {@code tx}; what it changed. */
  Future<Changes> apply(SqlConnection tx);

  /** Forgets the rows; safe to call after {@link #apply} and more than once. */
  Future<Void> discard();
}
