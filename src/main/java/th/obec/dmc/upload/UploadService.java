package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.RegistryLookup;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetReader;
import th.obec.dmc.sheet.SheetUpload;

import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  public record Outcome(int status, UUID id, JsonObject body) {}

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

  public UploadService(List<UploadKind> kinds, UploadRepository repository, Workers workers, PhaseGate gate,
                       RoundCalendar calendar, BusinessClock clock, SheetLimits limits, CommitGuard guard,
                       AuditLog audit, RegistryLookup registry, io.micrometer.core.instrument.MeterRegistry meterRegistry) {
    this.meters = new UploadMeters(meterRegistry, kinds.stream().map(UploadKind::name).toList());
    this.registry = registry;
    this.guard = guard;
    this.audit = audit;
    this.kinds = new java.util.LinkedHashMap<>();
    kinds.forEach(k -> this.kinds.put(k.name(), k));
    this.repository = repository;
    this.workers = workers;
    this.gate = gate;
    this.calendar = calendar;
    this.clock = clock;
    this.limits = limits;
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
   * Runs an upload. With {@code async} the answer is 202 as soon as the upload is recorded and the work
   * goes on; its status resource tells how it ends. The file stays on disk throughout: a queued upload
   * holds its path, moved out of the request's spool so that it outlives the request.
   */
  public Future<Outcome> upload(Principal actor, String schoolCode, UploadKind kind, boolean dryRun, boolean async,
                                SheetUpload file) {
    if (!dryRun) gate.check(kind.action());
    Promise<Outcome> answer = Promise.promise();
    // The upload holds one place in the sheets queue until its work ends, even after an async 202.
    workers.admitted(() -> run(actor, schoolCode, kind, dryRun, async, file, answer)).onFailure(answer::tryFail);
    return answer.future();
  }

  /** The whole upload; completes when its work ends, and completes {@code answer} when there is something to say. */
  private Future<Void> run(Principal actor, String schoolCode, UploadKind kind, boolean dryRun, boolean async,
                           SheetUpload file, Promise<Outcome> answer) {
    return workers.continuing(() -> {
          String sha256 = file.sha256();
          return new Received(async ? keep(file.path()) : file.path(), sha256);
        })
        .compose(received -> {
          UploadRecord record = new UploadRecord(UUID.randomUUID(), schoolCode, kind.name(), calendar.academicYear(),
              calendar.term(), file.filename(), received.sha256(), dryRun, async ? "queued" : "running",
              actor.username());
          Future<Optional<UploadRepository.Stored>> earlier = dryRun ? Future.succeededFuture(Optional.empty())
              : repository.committedSameFile(repository.pool(), record);
          Future<Void> work = earlier.compose(first -> {
            if (first.isPresent()) {
              log.info("event=upload_repeated school={} kind={} first={}", schoolCode, kind.name(),
                  first.get().record().id());
              answer.complete(new Outcome(200, first.get().record().id(), first.get().result()));
              return Future.succeededFuture();
            }
            Future<Void> recorded = repository.insert(record, clock.now());
            if (!async) {
              return recorded.compose(v -> process(record, kind, received.path(), actor))
                  .onSuccess(answer::tryComplete)
                  .onFailure(answer::tryFail)
                  .mapEmpty();
            }
            return recorded.compose(v -> {
              answer.complete(queued(record));
              return repository.running(record.id())
                  .compose(ignored -> process(record, kind, received.path(), actor))
                  .onFailure(e -> log.warn("event=upload_failed id={} error={}", record.id(), e.toString()))
                  .<Void>mapEmpty()
                  .otherwiseEmpty();
            });
          });
          return async ? work.eventually(() -> discard(received.path())) : work;
        });
  }

  /** The uploaded file on disk and its SHA-256, which names the same file sent again. */
  private record Received(Path path, String sha256) {}

  /** Moves a spooled upload beside itself under a name the request's clean-up does not know. */
  private static Path keep(Path spooled) throws java.io.IOException {
    Path kept = spooled.resolveSibling("queued-" + UUID.randomUUID());
    return Files.move(spooled, kept);
  }

  private Future<Boolean> discard(Path file) {
    return workers.continuing(() -> Files.deleteIfExists(file));
  }

  private static Outcome queued(UploadRecord record) {
    return new Outcome(202, record.id(), new JsonObject().put("id", record.id().toString()).put("status", "queued")
        .put("kind", record.kind()).put("schoolCode", record.schoolCode()).put("dryRun", record.dryRun()));
  }

  /**
   * Reads the file and, while it reads, checks its rows against the database and writes them into one
   * transaction (see {@link StreamedRows}); any error rolls the whole file back. A dry run only checks.
   */
  private Future<Outcome> process(UploadRecord record, UploadKind kind, Path file, Principal actor) {
    Instant now = clock.now();
    long started = System.nanoTime();
    List<Disclosure> disclosed = new java.util.concurrent.CopyOnWriteArrayList<>();
    ParsedUpload parsed = new ParsedUpload(kind.spec());
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    Future<Outcome> outcome;
    if (record.dryRun()) {
      StreamedRows checks = new StreamedRows(context, kind, record.schoolCode(), record.id(), null, actor.username(),
          now, parsed.errors, disclosed);
      outcome = read(kind, file, now, parsed, checks, record, started)
          .compose(v -> auditDisclosures(record, actor, disclosed))
          .compose(v -> parsed.errors.isEmpty() ? finish(record.withStatus("validated"), parsed, Changes.NONE, 200)
              : reject(record, parsed));
    } else {
      outcome = commit(record, kind, file, parsed, actor, now, context, disclosed, started)
          .transform(done -> auditDisclosures(record, actor, disclosed)
              .transform(v -> done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause())))
          .recover(e -> e instanceof RolledBack ? reject(record, parsed) : Future.failedFuture(e));
    }
    return outcome
        .recover(e -> {
          meters.finished(kind.name(), e instanceof Problem ? "refused" : "failed", 0, 0,
              java.time.Duration.ofNanos(System.nanoTime() - started));
          return Future.<Outcome>failedFuture(e);
        })
        .recover(e -> repository.finish(record.id(), "failed", failure(e), clock.now())
            .transform(ignored -> Future.failedFuture(e)));
  }

  /** The transaction was rolled back because the file has errors: the upload is rejected, not failed. */
  private static final class RolledBack extends RuntimeException {
    RolledBack() {
      super("the file has errors", null, false, false);
    }
  }

  /** Reads the whole file on a worker, streaming its valid rows; completes when every batch is done. */
  private Future<Changes> read(UploadKind kind, Path file, Instant now, ParsedUpload parsed, StreamedRows stream,
                               UploadRecord record, long started) {
    // Whatever the reader's end, every batch it handed over is finished before the transaction is: no
    // statement of this upload may reach the connection after its commit or rollback.
    return workers.continuing(() -> {
          parse(kind, file, now, parsed, stream);
          return System.nanoTime();
        })
        .transform(reading -> stream.done().transform(writing -> {
          // A failed write stops the reader too; the write's cause (the database, say) is the one to tell.
          if (writing.failed()) return Future.failedFuture(writing.cause());
          if (reading.failed()) return Future.failedFuture(reading.cause());
          long parsedAt = reading.result();
          log.info("event=upload_checked id={} rows={} parse_ms={} after_parse_ms={}", record.id(), parsed.read,
              (parsedAt - started) / 1_000_000, (System.nanoTime() - parsedAt) / 1_000_000);
          return Future.succeededFuture(writing.result());
        }));
  }
  /** Each student found on another school's roll was named to this user: who, which ID, which school. */
  private Future<Void> auditDisclosures(UploadRecord record, Principal actor, List<Disclosure> disclosed) {
    if (disclosed.isEmpty()) return Future.succeededFuture();
    return registry.areaOf(record.schoolCode()).compose(area -> audit.record(repository.pool(), actor,
        "student.disclosed_other_school", record.schoolCode(), area.orElse(null),
        new JsonObject().put("uploadId", record.id().toString()).put("dryRun", record.dryRun())
            .put("students", new JsonArray(disclosed.stream().map(Disclosure::toJson).toList())),
        clock.now()));
  }

  /** Blocking: a worker's. Repeats within the file are flagged here, where every row passes in order. */
  private void parse(UploadKind kind, Path file, Instant now, ParsedUpload parsed, StreamedRows stream)
      throws Exception {
    parsed.ignoredColumns = SheetReader.read(file, kind.spec(), limits, new RowChecks(kind, parsed, stream::add, now));
    stream.flush();
    if (parsed.read == 0) {
      throw Problem.unprocessable("NO_ROWS", "The file has a header but no data rows.",
          "ไฟล์มีแต่หัวตาราง ไม่มีข้อมูล", null);
    }
  }

  private Future<Outcome> reject(UploadRecord record, ParsedUpload parsed) {
    UploadRecord rejected = record.withStatus("rejected");
    return workers.continuing(parsed::flaggedRows)
        .compose(rows -> repository.insertFlagged(repository.pool(), record.id(), rows))
        .compose(v -> finish(rejected, parsed, Changes.NONE, record.dryRun() ? 200 : 201));
  }

  /**
   * One transaction under the school's lock: the same file committed meanwhile gives the first answer;
   * otherwise the rows stream in as the file is read, and the upload is recorded and audited with them.
   */
  private Future<Outcome> commit(UploadRecord record, UploadKind kind, Path file, ParsedUpload parsed, Principal actor,
                                 Instant now, io.vertx.core.Context context, List<Disclosure> disclosed, long started) {
    UploadRecord committed = record.withStatus("committed");
    return registry.areaOf(record.schoolCode()).compose(area -> repository.pool().withTransaction(conn -> repository.lockSchool(conn, record.schoolCode())
            .compose(v -> guard.check(conn, record.schoolCode()))
            .compose(v -> repository.committedSameFile(conn, record))
            .compose(first -> {
              if (first.isPresent()) {
                return Future.succeededFuture(new Outcome(200, first.get().record().id(), first.get().result()));
              }
              StreamedRows stream = new StreamedRows(context, kind, record.schoolCode(), record.id(), conn,
                  actor.username(), now, parsed.errors, disclosed);
              return read(kind, file, now, parsed, stream, record, started).compose(changes -> {
                if (!parsed.errors.isEmpty()) return Future.failedFuture(new RolledBack());
                long writing = System.nanoTime();
                Future<List<JsonObject>> warned = parsed.errors.warnings().isEmpty() ? Future.succeededFuture(List.of())
                    : workers.continuing(parsed::flaggedRows);
                return warned.compose(flagged -> workers.continuing(() -> UploadResult.of(committed, parsed, changes)))
                    .compose(body -> repository.finish(conn, record.id(), "committed", body, clock.now())
                        .compose(v -> warned)
                        .compose(flagged -> repository.insertFlagged(conn, record.id(), flagged))
                        .compose(v -> audit.record(conn, actor, "upload.committed", record.schoolCode(), area.orElse(null),
                            new JsonObject().put("uploadId", record.id().toString()).put("kind", kind.name())
                                .put("rows", parsed.rows.size()).put("changes", body.getJsonObject("changes")),
                            clock.now()))
                        .map(v -> {
                          log.info("event=upload_committed id={} school={} kind={} rows={} changes={} finish_ms={}",
                              record.id(), record.schoolCode(), kind.name(), parsed.rows.size(), body.getJsonObject("changes"),
                              (System.nanoTime() - writing) / 1_000_000);
                          return new Outcome(201, record.id(), body);
                        }));
              });
            })))
        .onSuccess(o -> meters.finished(kind.name(), "committed", parsed.read, 0,
            java.time.Duration.ofNanos(System.nanoTime() - parsed.startedNanos)));
  }

  private Future<Outcome> finish(UploadRecord record, ParsedUpload parsed, Changes changes, int status) {
    return workers.continuing(() -> UploadResult.of(record, parsed, changes)).compose(body -> {
      meters.finished(record.kind(), record.status(), parsed.read, parsed.invalidRows(),
          java.time.Duration.ofNanos(System.nanoTime() - parsed.startedNanos));
      log.info("event=upload_finished id={} school={} kind={} status={} read={} errors={}", record.id(),
          record.schoolCode(), record.kind(), record.status(), parsed.read, parsed.errors.size());
      return repository.finish(record.id(), record.status(), body, clock.now()).map(new Outcome(status, record.id(), body));
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

  public Future<io.vertx.core.json.JsonArray> rejectedRows(UUID id) {
    return repository.rejected(id);
  }
}
