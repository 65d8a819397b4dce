package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Staged rows kept in memory, applied through the kind's own {@link UploadKind#commit}, a batch at a time. */
final class HeldRows implements UploadStage {
  private final UploadKind kind;
  private final String schoolCode;
  private final UUID uploadId;
  private final String actor;
  private final Instant now;
  private List<ValidRow> rows = new ArrayList<>();

  HeldRows(UploadKind kind, String schoolCode, UUID uploadId, String actor, Instant now) {
    this.kind = kind;
    this.schoolCode = schoolCode;
    this.uploadId = uploadId;
    this.actor = actor;
    this.now = now;
  }

  @Override
  public Future<Void> add(List<ValidRow> batch) {
    rows.addAll(batch);
    return Future.succeededFuture();
  }

  @Override
  public Future<Changes> apply(SqlConnection tx) {
    Future<Changes> sum = Future.succeededFuture(Changes.NONE);
    for (int from = 0; from < rows.size(); from += StreamedRows.BATCH) {
      List<ValidRow> batch = rows.subList(from, Math.min(rows.size(), from + StreamedRows.BATCH));
      sum = sum.compose(before -> kind.commit(tx, schoolCode, uploadId, batch, actor, now).map(before::plus));
    }
    return sum;
  }

  @Override
  public Future<Void> discard() {
    rows = new ArrayList<>();
    return Future.succeededFuture();
  }
}
