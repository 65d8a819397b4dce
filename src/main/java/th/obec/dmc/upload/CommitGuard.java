package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/** Asked inside the upload's transaction whether the school's data may still change (not certified, round open). */
@FunctionalInterface
public interface CommitGuard {
  Future<Void> check(SqlConnection conn, String schoolCode);
}
