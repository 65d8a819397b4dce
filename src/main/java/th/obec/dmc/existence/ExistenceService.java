package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.ColumnSpec;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The 10 November round for one school: answers, the director's certification and its reopening. Each
 * request is one short transaction of a few set-based statements, whatever the number of students.
 */
public final class ExistenceService {
  private static final Logger log = LoggerFactory.getLogger(ExistenceService.class);

  private final ExistenceRepository repository;
  private final RegistryService registry;
  private final AuditLog audit;
  private final BusinessClock clock;
  private final Round round;
  private final ColumnSpec gradeColumn;
  private final ColumnSpec roomColumn;
  private final ColumnSpec reasonColumn;
  private final RoundMeters meters;
  private final AnswerCoalescer coalescer;

  ExistenceService(ExistenceRepository repository, RegistryService registry, AuditLog audit, BusinessClock clock,
                   Round round, ColumnSpec gradeColumn, ColumnSpec roomColumn, ColumnSpec reasonColumn,
                   RoundMeters meters, AnswerCoalescer coalescer) {
    this.roomColumn = roomColumn;
    this.coalescer = coalescer;
    this.reasonColumn = reasonColumn;
    this.meters = meters;
    this.gradeColumn = gradeColumn;
    this.repository = repository;
    this.registry = registry;
    this.audit = audit;
    this.clock = clock;
    this.round = round;
  }

  /** For the upload pipeline: a certified school's roll, and a closed round, take no more changes. */
  public Future<Void> checkRollWritable(SqlConnection conn, String school) {
    return repository.lockSchoolShared(conn, round, school)
        .map(state -> {
          refuseIfClosedOrCertified(state);
          return null;
        });
  }

  /**
   * The locks, the refusals, the answers, the audit event and the summary are one database function
   * (existence_answer_batch), called for many schools' requests at once by the coalescer: under load a request
   * costs PostgreSQL a share of one call and one commit.
   */
  public Future<SchoolSummary> answer(Principal actor, String school, JsonObject body) {
    AnswerRequest request;
    try {
      request = AnswerRequest.of(body, gradeColumn, roomColumn, reasonColumn);
    } catch (Problem refused) {
      return Future.failedFuture(refused);
    }
    return coalescer.submit(new ExistenceRepository.Call(school, request, actor.username(), actor.role().wire()))
        .map(answered -> switch (answered.outcome()) {
          case CLOSED -> throw roundClosed();
          case CERTIFIED -> throw schoolCertified();
          case UNKNOWN -> throw unknownStudents(answered.unknown());
          case BUSY -> throw new IllegalStateException("the coalescer answers a busy school itself");
          case ANSWERED -> {
            meters.answers.increment(answered.changed());
            yield summary(school, answered.summary());
          }
        });
  }

  /** The school's rooms, each with its active students and those still unanswered. */
  public Future<SchoolRooms> rooms(String school) {
    return repository.rooms(round, school).map(rooms -> new SchoolRooms(school, rooms));
  }

  public Future<SchoolSummary> summary(String school) {
    return repository.countsByGrade(repository.pool(), round, school).map(grades -> summary(school, grades));
  }

  private SchoolSummary summary(String school, List<ExistenceRepository.GradeCounts> grades) {
    return new SchoolSummary(school, round, grades);
  }

  public Future<SchoolSummary> certify(Principal actor, String school) {
    return registry.areaOf(school)
        .compose(area -> repository.pool().withTransaction(conn -> certified(conn, actor, school, area.orElse(null))))
        .compose(created -> {
          if (created) {
            meters.certifications.increment();
            log.info("event=certified school={} by={}", school, actor.username());
          }
          return summary(school);
        });
  }

  /**
   * In the certification's transaction, under the school's lock: refused once the round is closed or while a room
   * is unanswered; the counts frozen by grade and sex, the certification and its audit event written. Answers
   * whether this call certified it (false: it already was).
   */
  private Future<Boolean> certified(SqlConnection conn, Principal actor, String school, String area) {
    return repository.lockSchoolExclusive(conn, round, school)
        .compose(state -> {
          if (state.closedAt() != null) return Future.failedFuture(roundClosed());
          if (state.certifiedAt() != null) return Future.succeededFuture(false);
          return frozenCounts(conn, school).compose(counts -> certifiedWith(conn, actor, school, area, counts));
        });
  }

  /** The counts by grade and sex as certified; refused while a room is unanswered. */
  private Future<JsonObject> frozenCounts(SqlConnection conn, String school) {
    return repository.unansweredRooms(conn, round, school)
        .compose(rooms -> rooms.isEmpty() ? repository.countsByGradeAndSex(conn, round, school)
            : Future.failedFuture(unanswered(rooms)))
        .map(ExistenceService::frozen);
  }

  /** The certification written with the counts frozen as certified, audited with them; whether this call made it. */
  private Future<Boolean> certifiedWith(SqlConnection conn, Principal actor, String school, String area,
                                        JsonObject counts) {
    return repository.certify(conn, round, school, actor.username(), clock.now(), counts)
        .compose(created -> audit.record(conn, actor, "existence.certified", school, area, counts, clock.now())
            .map(created));
  }

  public Future<SchoolSummary> reopen(Principal actor, String school, String reason) {
    return registry.areaOf(school)
        .compose(area -> repository.pool().withTransaction(conn -> reopened(conn, actor, school, area.orElse(null), reason)))
        .compose(v -> summary(school));
  }

  /**
   * Under the school's and its area's locks: refused once the round is closed, once the area has acknowledged, or
   * when the school is not certified; the certification removed and the reopening audited with its reason.
   */
  private Future<Void> reopened(SqlConnection conn, Principal actor, String school, String area, String reason) {
    String areaKey = area == null ? "" : area;
    return repository.lockSchoolExclusive(conn, round, school)
        .compose(state -> state.closedAt() != null ? Future.failedFuture(roundClosed())
            : repository.lockArea(conn, round, areaKey).compose(v -> repository.acknowledged(conn, round, areaKey)))
        .compose(acknowledged -> acknowledged ? Future.failedFuture(Problem.conflict("AREA_ACKNOWLEDGED",
                "The area has already acknowledged its schools; it cannot reopen one.",
                "สพท. รับทราบการรายงานข้อมูลแล้ว จึงเปิดให้แก้ไขไม่ได้"))
            : repository.reopen(conn, round, school))
        .compose(was -> was.isEmpty() ? Future.failedFuture(Problem.conflict("NOT_CERTIFIED",
                "The school is not certified, so there is nothing to reopen.",
                "โรงเรียนยังไม่ได้รับรองข้อมูล จึงไม่มีสิ่งที่ต้องเปิดแก้ไข"))
            : audit.record(conn, actor, "existence.reopened", school, area,
                new JsonObject().put("reason", reason).put("certifiedBy", was.get()), clock.now()));
  }

  /** The director's counts at the moment of certifying: present and not present by grade and sex. */
  private static JsonObject frozen(List<ExistenceRepository.GradeSexAnswers> rows) {
    JsonArray byGradeAndSex = new JsonArray();
    long present = 0;
    long notPresent = 0;
    for (ExistenceRepository.GradeSexAnswers r : rows) {
      present += r.present();
      notPresent += r.notPresent();
      byGradeAndSex.add(new JsonObject().put("grade", r.grade()).put("sex", r.sex())
          .put("present", r.present()).put("notPresent", r.notPresent()));
    }
    return new JsonObject().put("present", present).put("notPresent", notPresent).put("byGradeAndSex", byGradeAndSex);
  }

  private static void refuseIfClosedOrCertified(ExistenceRepository.State state) {
    if (state.closedAt() != null) throw roundClosed();
    if (state.certifiedAt() != null) throw schoolCertified();
  }

  private static Problem schoolCertified() {
    return Problem.conflict("SCHOOL_CERTIFIED",
        "The director has certified this school; its roll and answers are read-only for this round. The area office can reopen it.",
        "ผู้อำนวยการรับรองข้อมูลแล้ว ข้อมูลนักเรียนและการยืนยันจึงแก้ไขไม่ได้ หากจำเป็นให้ สพท. เปิดให้แก้ไข");
  }

  private static Problem unknownStudents(List<String> unknown) {
    return Problem.unprocessable("UNKNOWN_STUDENTS", "These IDs are not on the school's active roll: "
            + unknown.stream().limit(20).toList() + ".",
        "ไม่พบเลขประจำตัวเหล่านี้ในทะเบียนนักเรียนของโรงเรียน: " + unknown.stream().limit(20).toList(),
        new JsonObject().put("studentIds", new JsonArray(unknown)));
  }

  static Problem roundClosed() {
    return Problem.conflict("ROUND_CLOSED", "OBEC has closed this round; it takes no more changes.",
        "สพฐ. ปิดระบบรอบนี้แล้ว ไม่สามารถแก้ไขข้อมูลได้");
  }

  private static Problem unanswered(List<ExistenceRepository.UnansweredRoom> rooms) {
    JsonArray list = new JsonArray();
    long total = 0;
    List<String> names = new ArrayList<>();
    for (ExistenceRepository.UnansweredRoom r : rooms) {
      total += r.unanswered();
      list.add(new JsonObject().put("grade", r.grade()).put("room", r.room()).put("unanswered", r.unanswered()));
      names.add(r.grade() + "/" + r.room());
    }
    return new Problem(409, "UNANSWERED_STUDENTS", "Conflict",
        total + " student(s) have no existence answer yet, in rooms " + names + ".",
        "ยังมีนักเรียน " + total + " คนที่ยังไม่ได้ยืนยันการมีตัวตน ในห้อง " + String.join(", ", names),
        new JsonObject().put("unanswered", total).put("rooms", list));
  }
}
