package th.obec.dmc.exchange;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.Downloads;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.existence.Round;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The Exchange file of a closed round (step 2.2.7), streamed end to end: students come from a PostgreSQL
 * cursor in batches, are written into the ZIP on a worker, and go out of the response; the next batch is
 * fetched only when the client has taken the last, so memory does not grow with the number of rows.
 */
public final class ExchangeService {
  private static final Logger log = LoggerFactory.getLogger(ExchangeService.class);
  private static final int BATCH = 1000;
  static final List<String> SCHOOL_COLUMNS = List.of("school_code", "school_name", "area_code", "province",
      "students_present", "students_not_present", "students_unanswered");
  static final List<String> STUDENT_COLUMNS = List.of("school_code", "citizen_id", "prefix", "first_name", "last_name",
      "sex", "birth_date", "grade", "room", "present", "reason", "nationality", "disadvantage", "disability", "smis_code");

  private final ExchangeRepository repository;
  private final RegistryService registry;
  private final Workers workers;
  private final AuditLog audit;
  private final BusinessClock clock;
  private final Round round;
  private final ZoneId zone;
  private final Downloads downloads;

  public ExchangeService(ExchangeRepository repository, RegistryService registry, Workers workers, AuditLog audit,
                         BusinessClock clock, Round round, ZoneId zone, Downloads downloads) {
    this.downloads = downloads;
    this.repository = repository;
    this.registry = registry;
    this.workers = workers;
    this.audit = audit;
    this.clock = clock;
    this.round = round;
    this.zone = zone;
  }

  public boolean isCurrent(int year, int term) {
    return year == round.academicYear() && term == round.term();
  }

  public Future<Void> send(Principal actor, int year, int term, HttpServerResponse response) {
    boolean current = year == round.academicYear() && term == round.term();
    // Any closed round, the current one once closed: closed rounds stay available after the next opens.
    return repository.closedAt(year, term).compose(closed -> {
      if (closed.isEmpty() && !current) {
        throw Problem.notFound("ROUND_NOT_FOUND", "No closed round " + term + "/" + year + " is held here.",
            "ไม่พบข้อมูลที่ปิดรอบแล้วของภาคเรียนที่ " + term + "/" + year);
      }
      if (closed.isEmpty()) {
        throw Problem.conflict("ROUND_NOT_CLOSED", "The Exchange file is made from the closed round; OBEC has not closed it yet.",
            "ยังส่งออกข้อมูลไม่ได้ สพฐ. ยังไม่ได้ปิดระบบรอบนี้");
      }
      JsonObject manifestRound = new JsonObject().put("academicYear", year).put("term", term)
          .put("snapshotAt", closed.get().toInstant().toString());
      ExchangeZip zip = new ExchangeZip(closed.get().atZoneSameInstant(zone).toLocalDateTime().withNano(0));
      return schoolLines(year, term).compose(schools -> {
        response.setChunked(true)
            .putHeader("Content-Type", "application/zip")
            .putHeader("Content-Disposition", "attachment; filename=\"exchange-" + year + "-" + term + ".zip\"");
        // One admitted job from the first byte to the last: it cannot be refused halfway through.
        return workers.admitted(actor.username(), () -> written(year, term, zip, schools, manifestRound, response))
            .compose(v -> audit.record(repository.pool(), actor, "exchange.downloaded", null, null,
                manifestRound, clock.now()))
            .onSuccess(v -> log.info("event=exchange_sent year={} term={} by={}", year, term, actor.username()));
      });
    });
  }

  /** The zip from its first byte to its last: schools.csv, the students streamed, the manifest. */
  private Future<Void> written(int year, int term, ExchangeZip zip, List<List<String>> schools, JsonObject manifest,
                               HttpServerResponse response) {
    return workers.continuing(() -> zip.begin("schools.csv", SCHOOL_COLUMNS)
            .appendBuffer(zip.rows(schools)).appendBuffer(zip.end()).appendBuffer(zip.begin("students.csv", STUDENT_COLUMNS)))
        .compose(bytes -> downloads.write(response, bytes))
        .compose(v -> streamStudents(year, term, zip, response))
        .compose(v -> workers.continuing(() -> zip.end().appendBuffer(zip.finish(manifest))))
        .compose(bytes -> downloads.write(response, bytes))
        .compose(v -> response.end());
  }

  private Future<List<List<String>>> schoolLines(int year, int term) {
    return repository.schoolCounts(year, term).compose(counts -> {
      List<String> codes = counts.stream().map(ExchangeRepository.SchoolCount::schoolCode).toList();
      return registry.schools(codes).map(schools -> {
        List<List<String>> lines = new ArrayList<>();
        for (ExchangeRepository.SchoolCount c : counts) {
          School s = schools.get(c.schoolCode());
          lines.add(List.of(c.schoolCode(), s == null ? "" : s.nameTh(), s == null ? "" : s.areaCode(),
              s == null ? "" : s.province(), String.valueOf(c.present()), String.valueOf(c.notPresent()),
              String.valueOf(c.unanswered())));
        }
        return lines;
      });
    });
  }

  /** Batches from the cursor, one worker step each, written in order; the cursor waits while the client catches up. */
  private Future<Void> streamStudents(int year, int term, ExchangeZip zip, HttpServerResponse response) {
    return repository.students(year, term, BATCH,
        lines -> workers.continuing(() -> zip.rows(lines)).compose(bytes -> downloads.write(response, bytes)));
  }
}
