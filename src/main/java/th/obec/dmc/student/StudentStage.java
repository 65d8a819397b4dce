package th.obec.dmc.student;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.UploadStage;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.util.List;

/**
 * A roll upload's rows staged in a temporary table of the upload's connection while the file is read (a roll
 * may be 200,000 rows: too many to hold in memory), applied in the upload's transaction at the end.
 */
final class StudentStage implements UploadStage {
  private final StudentRepository students;
  private final SqlConnection conn;
  private final String schoolCode;
  private final Instant now;
  private Future<Void> empty;
  private ValidRow sample;
  private int staged;

  StudentStage(StudentRepository students, SqlConnection conn, String schoolCode, Instant now) {
    this.students = students;
    this.conn = conn;
    this.schoolCode = schoolCode;
    this.now = now;
  }

  @Override
  public Future<Void> add(List<ValidRow> rows) {
    if (rows.isEmpty()) return Future.succeededFuture();
    if (empty == null) empty = students.emptyStage(conn);
    if (sample == null) sample = rows.get(0);
    staged += rows.size();
    return empty.compose(v -> students.stage(conn, rows));
  }

  @Override
  public Future<Changes> apply(SqlConnection tx) {
    if (staged == 0) return Future.succeededFuture(Changes.NONE);
    return students.applyStage(tx, schoolCode, sample, now)
        .compose(counts -> students.analyzeIfGrown(tx, counts[0])
            .map(v -> new Changes(counts[0], counts[1], staged - counts[0] - counts[1])))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? enrolledMeanwhile() : e));
  }

  /** Another school enrolled one of the file's students between the check and the apply. */
  private static Problem enrolledMeanwhile() {
    return Problem.conflict("ENROLLED_ELSEWHERE_MEANWHILE",
        "Another school put one of these students on its roll while this file was being checked. Upload again to see which.",
        "มีโรงเรียนอื่นบันทึกนักเรียนในไฟล์นี้เข้าระหว่างการตรวจสอบ กรุณาส่งไฟล์อีกครั้งเพื่อดูรายชื่อ");
  }

  /** The rows dropped at once, not left to the pooled session's next upload (which empties it anyway). */
  @Override
  public Future<Void> discard() {
    if (empty == null) return Future.succeededFuture();
    empty = null;
    return students.emptyStage(conn).recover(e -> Future.succeededFuture());
  }
}
