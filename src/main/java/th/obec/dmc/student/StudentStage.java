package th.obec.dmc.student;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.UploadStage;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A roll upload's rows written as the file is read, in the upload's transaction, with the kept counts deferred:
 * new students are inserted at once, those the school already has are staged in a temporary table of the upload's
 * connection (a roll may be 200,000 rows: too many to hold in memory) and updated at the end, when the school is
 * recounted. Nothing an answer needs is locked until then.
 */
final class StudentStage implements UploadStage {
  private static final Logger log = LoggerFactory.getLogger(StudentStage.class);
  private final StudentRepository students;
  private final SqlConnection tx;
  private final String schoolCode;
  private final Instant now;
  private Future<Void> written;
  private ValidRow sample;
  private int inserted;
  private int staged;
  private int rows;

  StudentStage(StudentRepository students, SqlConnection tx, String schoolCode, Instant now) {
    this.students = students;
    this.tx = tx;
    this.schoolCode = schoolCode;
    this.now = now;
  }

  @Override
  public boolean writesWhileReading() {
    return true;
  }

  @Override
  public Future<Void> add(List<ValidRow> batch) {
    if (batch.isEmpty()) return Future.succeededFuture();
    if (written == null) written = students.deferCounts(tx).compose(v -> students.emptyStage(tx));
    rows += batch.size();
    written = written.compose(v -> students.insertNew(tx, schoolCode, batch, now))
        .compose(ids -> existing(batch, ids))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? enrolledMeanwhile() : e));
    return written;
  }

  /** The batch's students that were not inserted (the school has them), staged for the update. */
  private Future<Void> existing(List<ValidRow> batch, Set<String> insertedIds) {
    inserted += insertedIds.size();
    if (insertedIds.size() == batch.size()) return Future.succeededFuture();
    List<ValidRow> known = batch.stream().filter(r -> !insertedIds.contains(r.get("citizen_id"))).toList();
    if (sample == null) sample = known.get(0);
    staged += known.size();
    return students.stage(tx, known);
  }

  @Override
  public Future<Changes> apply(SqlConnection applying) {
    if (written == null) return Future.succeededFuture(Changes.NONE);
    return written.compose(v -> staged == 0 ? Future.succeededFuture(0)
            : students.updateFromStage(applying, schoolCode, sample, now))
        .compose(changed -> students.analyzeIfGrown(applying, inserted)
            .compose(v -> recounted(applying))
            .map(v -> new Changes(inserted, changed, rows - inserted - changed)));
  }

  /**
   * The recount, from which the school's counts lock is held to the commit: logged, since it is the one wait an
   * upload can impose on its school's answers.
   */
  private Future<Void> recounted(SqlConnection applying) {
    long started = System.nanoTime();
    return students.recount(applying, schoolCode).onSuccess(v -> log.info("event=upload_recounted school={} ms={}",
        schoolCode, (System.nanoTime() - started) / 1_000_000));
  }

  /** The staged rows dropped (the inserted ones go with the transaction's rollback). */
  @Override
  public Future<Void> discard() {
    if (written == null) return Future.succeededFuture();
    written = null;
    return students.emptyStage(tx).recover(e -> Future.succeededFuture());
  }

  /** Another school enrolled one of the file's students between the check and the write. */
  private static Problem enrolledMeanwhile() {
    return Problem.conflict("ENROLLED_ELSEWHERE_MEANWHILE",
        "Another school put one of these students on its roll while this file was being checked. Upload again to see which.",
        "มีโรงเรียนอื่นบันทึกนักเรียนในไฟล์นี้เข้าระหว่างการตรวจสอบ กรุณาส่งไฟล์อีกครั้งเพื่อดูรายชื่อ");
  }
}
