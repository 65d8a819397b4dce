package th.obec.dmc.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import th.obec.dmc.sheet.CellErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An upload's valid rows handed from the reader (on a worker) to the database (on the event loop) in
 * batches while the file is still being read, so reading and writing overlap. Each batch is checked
 * against the database and, while the whole file has no error so far, added to the upload's stage (the roll
 * writes it at once in its transaction, with nothing an answer needs locked; see {@link UploadStage}); after the
 * first error nothing more is staged but every batch is still checked, and the caller rolls back. At most
 * {@link #IN_FLIGHT} batches wait at once: the reader blocks beyond that.
 */
final class StreamedRows {
  private static final Logger log = LoggerFactory.getLogger(StreamedRows.class);
  static final int BATCH = 2_500;
  private static final int IN_FLIGHT = 2;

  private final Context context;
  private final UploadKind kind;
  private final String schoolCode;
  private final UUID uploadId;
  private final UploadStage stage;
  private final CellErrors errors;
  private final ParsedUpload parsed;
  private final List<Disclosure> disclosed;
  private final Semaphore permits = new Semaphore(IN_FLIGHT);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private List<ValidRow> batch = new ArrayList<>(BATCH);
  private Future<Void> chain = Future.succeededFuture();
  private boolean staging;

  /** {@code stage} null: check only (a dry run). */
  StreamedRows(Context context, UploadKind kind, String schoolCode, UUID uploadId, UploadStage stage,
               ParsedUpload parsed, List<Disclosure> disclosed) {
    this.context = context;
    this.kind = kind;
    this.schoolCode = schoolCode;
    this.uploadId = uploadId;
    this.stage = stage;
    this.errors = parsed.errors;
    this.parsed = parsed;
    this.disclosed = disclosed;
  }

  /** From the reader's worker: one more valid row. */
  void add(ValidRow row) {
    batch.add(row);
    if (batch.size() == BATCH) flush();
  }

  /** From the reader's worker, at the end of the file: the last, partial batch. */
  void flush() {
    Throwable failed = failure.get();
    if (failed != null) throw new IllegalStateException("the upload's database work failed", failed);
    if (batch.isEmpty()) return;
    List<ValidRow> rows = batch;
    batch = new ArrayList<>(BATCH);
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the database caught up", e);
    }
    context.runOnContext(v -> {
      // The batch is checked at once, on the pool, while the one before it is still being written on the upload's
      // connection: two backends at work rather than one after the other. Only the writes keep the file's order.
      Future<Void> checked = kind.checkAll(schoolCode, rows, errors, disclosed);
      chain = chain.compose(ignored -> staged(checked, rows))
          .onFailure(e -> failure.compareAndSet(null, e))
          .onComplete(r -> permits.release());
    });
  }

  private Future<Void> staged(Future<Void> checked, List<ValidRow> rows) {
    return checked.compose(v -> {
      // A row the database's rules refused is kept for the errors workbook; the others are not kept.
      for (ValidRow row : rows) if (errors.hasRow(row.rowNumber())) parsed.keepChecked(row);
      if (stage == null || !errors.isEmpty()) return Future.succeededFuture();
      if (!staging) {
        staging = true;
        log.info("event=upload_staging id={} school={} kind={}", uploadId, schoolCode, kind.name());
      }
      return stage.add(rows);
    });
  }

  /** On the event loop, once the reader has flushed: every batch checked and staged. */
  Future<Void> done() {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> chain.onComplete(p));
    return p.future();
  }
}
