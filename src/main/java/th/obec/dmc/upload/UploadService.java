package th.obec.dmc.upload;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.audit.DisclosureBudget;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.RegistryLookup;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.sheet.FlaggedRow;
import th.obec.dmc.wiring.Shared;
import th.obec.dmc.sheet.HeaderMatcher;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetReader;
import th.obec.dmc.sheet.SheetUpload;

import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The upload pipeline: read and check the file on a worker, check it against the roll, then commit
 * every row in one transaction or none. The same committed file sent again gets the first answer.
 */
public final class UploadService {
  private static final Logger log = LoggerFactory.getLogger(UploadService.class);

  /** What the route answers: the status code, the upload's id and the body. */
  public record UploadAnswer(int status, UUID id, JsonObject body) {}

  private final Map<String, UploadKind> kinds;
  private final UploadRepository repository;
  private final Workers workers;
  private final PhaseGate gate;
  private final RoundCalendar calendar;
  private final BusinessClock clock;
  private final SheetLimits limits;
  private final CommitGuard guard;
  private final AuditLog audit;
  private final RegistryLookup registry;
  private final UploadMeters meters;
  private final DisclosureBudget disclosures;

  /** The kinds it takes, everything shared, the reader's limits, and the existence round's check on the roll. */
  public UploadService(List<UploadKind> kinds, Shared shared, SheetLimits limits, CommitGuard guard) {
    this.disclosures = shared.disclosures();
    this.kinds = new LinkedHashMap<>();
    kinds.forEach(k -> this.kinds.put(k.name(), k));
    this.repository = new UploadRepository(shared.pool());
    this.workers = shared.workers();
    this.gate = shared.gate();
    this.calendar = shared.calendar();
    this.clock = shared.clock();
    this.limits = limits;
    this.guard = guard;
    this.audit = shared.audit();
    this.registry = shared.registry();
    this.meters = new UploadMeters(shared.meters(), kinds.stream().map(UploadKind::name).toList());
  }

  /** At start: uploads a crash left queued or running are marked failed, so their schools can send them again. */
  public Future<Integer> failInterrupted() {
    JsonObject result = Problem.unprocessable("UPLOAD_INTERRUPTED",
        "The server stopped while this upload was being processed; nothing of it was saved. Send the file again.",
        "ระบบหยุดทำงานระหว่างประมวลผลไฟล์นี้ ไม่มีข้อมูลใดถูกบันทึก กรุณาส่งไฟล์อีกครั้ง", null).toJson(null);
    return repository.failInterrupted(result).onSuccess(n -> {
      if (n > 0) log.warn("event=uploads_interrupted count={}", n);
    });
  }

  public UploadKind kind(String name) {
    UploadKind kind = name == null ? null : kinds.get(name);
    if (kind == null) {
      throw Problem.badRequest("UNKNOWN_KIND", "kind must be one of " + kinds.keySet() + ".",
          "ประเภทข้อมูล (kind) ต้องเป็น " + kinds.keySet());
    }
    return kind;
  }

  /**
   * One upload on its way: who sent which file for which school, its record, and what its reading gathers.
   * Built once the file is received, so every step below takes the one job.
   */
  private record UploadJob(Principal actor, UploadKind kind, UploadRecord record, Path file, Instant now,
                           ParsedUpload parsed, List<Disclosure> disclosed, long started) {

    String schoolCode() {
      return record.schoolCode();
    }
  }

  /**
   * Runs an upload. With {@code async} the answer is 202 as soon as the upload is recorded and the work
   * goes on; its status resource tells how it ends. The file stays on disk throughout: a queued upload
   * holds its path, moved out of the request's spool so that it outlives the request. Either way the upload
   * holds one place in the sheets queue until its work ends.
   */
  public Future<UploadAnswer> upload(Principal actor, String schoolCode, UploadKind kind, boolean dryRun, boolean async,
                                SheetUpload file) {
    Future<Void> open = dryRun ? Future.succeededFuture() : gate.allowed(kind.action());
    Promise<UploadAnswer> recorded = Promise.promise();
    Future<UploadAnswer> work = open.compose(v -> workers.admitted(actor.username(),
        () -> receive(actor, schoolCode, kind, dryRun, async, file).compose(job -> repeatOrRun(job, async, recorded))));
    return async ? queued(recorded, work) : work;
  }

  /** The same file committed before answers as it did then; a new one is recorded and worked through. */
  private Future<UploadAnswer> repeatOrRun(UploadJob job, boolean async, Promise<UploadAnswer> recorded) {
    return sameFileCommitted(job)
        .compose(first -> first.isPresent() ? Future.succeededFuture(first.get()) : run(job, async, recorded));
  }

  /**
   * A new upload recorded and worked through. Queued ({@code async}), the 202 goes out through {@code recorded} as
   * soon as the upload is recorded, and the file is discarded when the work ends.
   */
  private Future<UploadAnswer> run(UploadJob job, boolean async, Promise<UploadAnswer> recorded) {
    Future<UploadAnswer> done = repository.insert(job.record(), clock.now()).compose(v -> {
      if (!async) return process(job);
      recorded.complete(queued(job.record()));
      return repository.running(job.record().id()).compose(v2 -> process(job))
          .onFailure(e -> log.warn("event=upload_failed id={} error={}", job.record().id(), e.toString()));
    });
    return async ? done.eventually(() -> discard(job.file())) : done;
  }

  /** The 202 once the upload is recorded; before that, whatever the work answered (a repeat, a refusal). */
  private static Future<UploadAnswer> queued(Promise<UploadAnswer> recorded, Future<UploadAnswer> work) {
    work.onComplete(recorded::tryComplete, recorded::tryFail);
    return recorded.future();
  }

  /** The file hashed (and, for an async upload, kept past the request), and the upload's record made. */
  private Future<UploadJob> receive(Principal actor, String schoolCode, UploadKind kind, boolean dryRun, boolean async,
                                    SheetUpload file) {
    return workers.continuing(() -> {
      String sha256 = file.sha256();
      Path path = async ? keep(file.path()) : file.path();
      UploadRecord record = new UploadRecord(UUID.randomUUID(), schoolCode, kind.name(), calendar.academicYear(),
          calendar.term(), file.filename(), sha256, dryRun, async ? "queued" : "running", actor.username());
      return new UploadJob(actor, kind, record, path, clock.now(), new ParsedUpload(kind.spec()),
          new CopyOnWriteArrayList<>(), System.nanoTime());
    });
  }

  /** The same file committed before gets the first answer again; a dry run is always done anew. */
  private Future<Optional<UploadAnswer>> sameFileCommitted(UploadJob job) {
    if (job.record().dryRun()) return Future.succeededFuture(Optional.empty());
    return repository.committedSameFile(repository.pool(), job.record()).map(first -> first.map(f -> {
      log.info("event=upload_repeated school={} kind={} first={}", job.schoolCode(), job.kind().name(), f.record().id());
      return new UploadAnswer(200, f.record().id(), f.result());
    }));
  }

  /** Moves a spooled upload beside itself under a name the request's clean-up does not know. */
  private static Path keep(Path spooled) throws IOException {
    Path kept = spooled.resolveSibling("queued-" + UUID.randomUUID());
    return Files.move(spooled, kept);
  }

  private Future<Boolean> discard(Path file) {
    return workers.continuing(() -> Files.deleteIfExists(file));
  }

  private static UploadAnswer queued(UploadRecord record) {
    return new UploadAnswer(202, record.id(), new JsonObject().put("id", record.id().toString()).put("status", "queued")
        .put("kind", record.kind()).put("schoolCode", record.schoolCode()).put("dryRun", record.dryRun()));
  }

  /**
   * Reads the file and, while it reads, checks its rows against the database and writes them into one
   * transaction (see {@link StreamedRows}); any error rolls the whole file back. A dry run only checks.
   */
  private Future<UploadAnswer> process(UploadJob job) {
    Future<UploadAnswer> outcome = job.record().dryRun() ? check(job)
        : commit(job)
            // A refusal of the disclosures (the daily limit) wins over the upload's own end: it names nobody.
            .transform(done -> auditDisclosures(job).transform(v -> v.failed() && v.cause() instanceof Problem
                ? Future.<UploadAnswer>failedFuture(v.cause())
                : done.succeeded() ? Future.succeededFuture(done.result()) : Future.<UploadAnswer>failedFuture(done.cause())))
            .recover(e -> e instanceof RolledBack ? reject(job) : Future.failedFuture(e));
    return outcome
        .recover(e -> {
          meters.finished(job.kind().name(), e instanceof Problem ? "refused" : "failed", 0, 0,
              Duration.ofNanos(System.nanoTime() - job.started()));
          return repository.finish(job.record().id(), "failed", failure(e), clock.now())
              .transform(ignored -> Future.failedFuture(e));
        });
  }

  /** A dry run: every check, nothing written. */
  private Future<UploadAnswer> check(UploadJob job) {
    return read(job, null)
        .compose(v -> auditDisclosures(job))
        .compose(v -> job.parsed().errors.isEmpty()
            ? finish(job.record().withStatus("validated"), job.parsed(), Changes.NONE, 200) : reject(job));
  }

  /** The transaction was rolled back because the file has errors: the upload is rejected, not failed. */
  private static final class RolledBack extends RuntimeException {
    RolledBack() {
      super("the file has errors", null, false, false);
    }
  }

  /**
   * Reads the whole file on a worker, streaming its valid rows into {@code stage} (null: check only);
   * completes when every batch is done.
   */
  private Future<Void> read(UploadJob job, UploadStage stage) {
    StreamedRows stream = new StreamedRows(Vertx.currentContext(), job.kind(), job.schoolCode(),
        job.record().id(), stage, job.parsed(), job.disclosed());
    // Whatever the reader's end, every batch it handed over is finished before the transaction is: no
    // statement of this upload may reach the connection after its commit or rollback.
    return workers.continuing(() -> {
          parse(job, stream);
          return System.nanoTime();
        })
        .transform(reading -> stream.done().transform(writing -> {
          // A failed write stops the reader too; the write's cause (the database, say) is the one to tell.
          if (writing.failed()) return Future.failedFuture(writing.cause());
          if (reading.failed()) return Future.failedFuture(reading.cause());
          long parsedAt = reading.result();
          log.info("event=upload_checked id={} rows={} parse_ms={} after_parse_ms={}", job.record().id(),
              job.parsed().read, (parsedAt - job.started()) / 1_000_000, (System.nanoTime() - parsedAt) / 1_000_000);
          return Future.succeededFuture(writing.result());
        }));
  }

  /**
   * Each student found on another school's roll is named to this user only within the account's daily budget;
   * every one named is audited (who, which ID, which school), and so is a refusal.
   */
  private Future<Void> auditDisclosures(UploadJob job) {
    if (job.disclosed().isEmpty()) return Future.succeededFuture();
    UploadRecord record = job.record();
    List<String> ids = job.disclosed().stream().map(Disclosure::citizenId).distinct().toList();
    JsonArray students = new JsonArray(job.disclosed().stream().map(Disclosure::toJson).toList());
    return registry.areaOf(record.schoolCode()).compose(area -> disclosures.spend(job.actor().username(),
            clock.now().atZone(calendar.zone()), ids)
        .compose(v -> audit.record(repository.pool(), job.actor(), "student.disclosed_other_school",
            record.schoolCode(), area.orElse(null), new JsonObject().put("uploadId", record.id().toString())
                .put("dryRun", record.dryRun()).put("kind", record.kind()).put("students", students), clock.now()))
        .recover(e -> !(e instanceof Problem refusal) ? Future.failedFuture(e)
            : limitReached(job, area.orElse(null), ids.size(), refusal)));
  }

  /** A refusal past the daily budget, audited (how many, never who), then answered. */
  private Future<Void> limitReached(UploadJob job, String area, int students, Problem refusal) {
    UploadRecord record = job.record();
    return audit.record(repository.pool(), job.actor(), "student.disclosure_limit", record.schoolCode(), area,
            new JsonObject().put("uploadId", record.id().toString()).put("kind", record.kind()).put("students", students),
            clock.now())
        .transform(ignored -> Future.failedFuture(refusal));
  }

  /** Blocking: a worker's. Each row is judged as the reader meets it (see {@link RowChecks}). */
  private void parse(UploadJob job, StreamedRows stream) {
    ParsedUpload parsed = job.parsed();
    RowChecks checks = new RowChecks(job.kind(), parsed, stream::add, job.now());
    parsed.ignoredColumns = SheetReader.readChecked(job.file(), job.kind().spec(), limits, parsed.places,
        parsed.errors, checks::footer, checks);
    parsed.lookAlikes = new HeaderMatcher(job.kind().spec()).lookAlikes(parsed.ignoredColumns);
    stream.flush();
    if (parsed.read == 0) {
      throw Problem.unprocessable("NO_ROWS", "The file has a header but no data rows.",
          "ไฟล์มีแต่หัวตาราง ไม่มีข้อมูล", null);
    }
  }

  private Future<UploadAnswer> reject(UploadJob job) {
    UploadRecord record = job.record();
    return workers.continuing(job.parsed()::flaggedRows)
        .compose(rows -> repository.insertFlagged(repository.pool(), record.id(), rows))
        .compose(v -> finish(record.withStatus("rejected"), job.parsed(), Changes.NONE, record.dryRun() ? 200 : 201));
  }

  /**
   * A commit on one connection that holds the school's upload lock throughout (no answer takes that lock; a second
   * upload of the school waits for it). The file is read and checked while its rows are staged (see
   * {@link UploadStage}); if every row is good, the apply ends the upload's one transaction. The school's round and
   * counts locks, which its answers and certification need, are held from the apply to the commit alone.
   */
  /** The school's upload lock held on {@code conn} from the first row read to the commit, released whatever happens. */
  private Future<UploadAnswer> underUploadLock(SqlConnection conn, UploadJob job, String area) {
    return repository.lockUploads(conn, job.schoolCode())
        .compose(v -> staged(conn, job, area).eventually(() -> repository.unlockUploads(conn, job.schoolCode())));
  }

  private Future<UploadAnswer> commit(UploadJob job) {
    return registry.areaOf(job.schoolCode())
        .compose(area -> repository.pool().withConnection(conn -> underUploadLock(conn, job, area.orElse(null))))
        .onSuccess(o -> meters.finished(job.kind().name(), "committed", job.parsed().read, 0,
            Duration.ofNanos(System.nanoTime() - job.parsed().startedNanos)));
  }

  /**
   * Refused early if the school is certified or the round closed; then read into the stage (inside the transaction
   * already when the stage writes while reading) and applied; a failure or a row with errors rolls it all back.
   */
  private Future<UploadAnswer> staged(SqlConnection conn, UploadJob job, String area) {
    UploadStage stage = job.kind().stage(conn, job.schoolCode(), job.record().id(), job.actor().username(), job.now());
    return guard.check(conn, job.schoolCode())
        .compose(v -> stage.writesWhileReading() ? conn.begin().map(Optional::of)
            : Future.succeededFuture(Optional.<Transaction>empty()))
        .compose(open -> read(job, stage)
            .compose(v -> job.parsed().errors.isEmpty() ? applied(conn, job, stage, area, open)
                : Future.<UploadAnswer>failedFuture(new RolledBack()))
            .recover(e -> open.map(Transaction::rollback).orElse(Future.succeededFuture())
                .transform(ignored -> Future.<UploadAnswer>failedFuture(e))))
        .eventually(stage::discard);
  }

  /** The transaction's end: the guard again, the same file committed meanwhile (its first answer), or the apply. */
  private Future<UploadAnswer> applied(SqlConnection conn, UploadJob job, UploadStage stage, String area,
                                  Optional<Transaction> open) {
    long begun = System.nanoTime();
    log.info("event=upload_applying id={} school={} rows={}", job.record().id(), job.schoolCode(), job.parsed().accepted);
    return (open.isPresent() ? Future.succeededFuture(open.get()) : conn.begin())
        .compose(tx -> guard.check(conn, job.schoolCode())
            .compose(v -> repository.committedSameFile(conn, job.record()))
            .compose(first -> first.isPresent()
                ? Future.succeededFuture(new UploadAnswer(200, first.get().record().id(), first.get().result()))
                : stage.apply(conn).compose(changes -> record(conn, job, changes, area)))
            .compose(done -> tx.commit().map(done), failed -> open.isPresent() ? Future.failedFuture(failed)
                : tx.rollback().transform(v -> Future.failedFuture(failed))))
        .onSuccess(o -> log.info("event=upload_applied id={} school={} rows={} apply_ms={}", job.record().id(),
            job.schoolCode(), job.parsed().accepted, (System.nanoTime() - begun) / 1_000_000));
  }

  /** In the same transaction: the upload's answer, its warned rows and its audit event. */
  private Future<UploadAnswer> record(SqlConnection conn, UploadJob job, Changes changes, String area) {
    ParsedUpload parsed = job.parsed();
    UploadRecord committed = job.record().withStatus("committed");
    long writing = System.nanoTime();
    Future<List<FlaggedRow>> warned = parsed.errors.warnings().isEmpty() ? Future.succeededFuture(List.of())
        : workers.continuing(parsed::flaggedRows);
    return warned.compose(flagged -> workers.continuing(() -> UploadResult.of(committed, parsed, changes))
        .compose(body -> repository.finish(conn, committed.id(), "committed", body, clock.now())
            .compose(v -> repository.insertFlagged(conn, committed.id(), flagged))
            .compose(v -> audit.record(conn, job.actor(), "upload.committed", committed.schoolCode(), area,
                new JsonObject().put("uploadId", committed.id().toString()).put("kind", committed.kind())
                    .put("rows", parsed.accepted).put("changes", body.getJsonObject("changes")), clock.now()))
            .map(v -> {
              log.info("event=upload_committed id={} school={} kind={} rows={} changes={} finish_ms={}", committed.id(),
                  committed.schoolCode(), committed.kind(), parsed.accepted, body.getJsonObject("changes"),
                  (System.nanoTime() - writing) / 1_000_000);
              return new UploadAnswer(201, committed.id(), body);
            })));
  }

  private Future<UploadAnswer> finish(UploadRecord record, ParsedUpload parsed, Changes changes, int status) {
    return workers.continuing(() -> UploadResult.of(record, parsed, changes)).compose(body -> {
      meters.finished(record.kind(), record.status(), parsed.read, parsed.invalidRows(),
          Duration.ofNanos(System.nanoTime() - parsed.startedNanos));
      log.info("event=upload_finished id={} school={} kind={} status={} read={} errors={}", record.id(),
          record.schoolCode(), record.kind(), record.status(), parsed.read, parsed.errors.size());
      return repository.finish(record.id(), record.status(), body, clock.now()).map(new UploadAnswer(status, record.id(), body));
    });
  }

  private static JsonObject failure(Throwable e) {
    if (e instanceof Problem p) return p.toJson(null);
    return new JsonObject().put("code", "INTERNAL_ERROR");
  }

  /** The stored answer of an upload, for its status resource. */
  public Future<UploadRepository.Stored> find(UUID id) {
    return repository.find(id).map(found -> found.orElseThrow(() -> Problem.notFound("UPLOAD_NOT_FOUND",
        "No upload has the id " + id + ".", "ไม่พบรายการส่งไฟล์รหัส " + id)));
  }

  public Future<List<FlaggedRow>> rejectedRows(UUID id) {
    return repository.rejected(id);
  }
}
