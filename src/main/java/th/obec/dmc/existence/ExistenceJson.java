package th.obec.dmc.existence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;

/** The existence answers' records as the routes write them: JSON only here and in the routes. */
final class ExistenceJson {
  private ExistenceJson() {}

  /** The school's rooms, each with its active students and those still unanswered. */
  static JsonObject rooms(SchoolRooms rooms) {
    JsonArray items = new JsonArray();
    rooms.rooms().forEach(r -> items.add(new JsonObject().put("grade", r.grade()).put("room", r.room())
        .put("active", r.active()).put("unanswered", r.active() - r.answered())
        .put("male", r.male()).put("female", r.female())));
    return new JsonObject().put("schoolCode", rooms.schoolCode()).put("items", items).put("total", items.size());
  }

  static JsonObject summary(SchoolSummary summary) {
    String school = summary.schoolCode();
    Round round = summary.round();
    JsonArray byGrade = new JsonArray();
    long active = 0;
    long present = 0;
    long notPresent = 0;
    long unanswered = 0;
    OffsetDateTime last = null;
    OffsetDateTime certifiedAt = null;
    String certifiedBy = null;
    for (ExistenceRepository.GradeCounts g : summary.grades()) {
      certifiedAt = g.certifiedAt();
      certifiedBy = g.certifiedBy();
      if (g.grade() == null) continue; // a school without students still answers its certification
      active += g.active();
      present += g.present();
      notPresent += g.notPresent();
      unanswered += g.unanswered();
      OffsetDateTime at = g.lastAnswer();
      if (at != null && (last == null || at.isAfter(last))) last = at;
      byGrade.add(new JsonObject().put("grade", g.grade()).put("active", g.active())
          .put("present", g.present()).put("notPresent", g.notPresent()).put("unanswered", g.unanswered()));
    }
    return new JsonObject()
        .put("schoolCode", school)
        .put("academicYear", round.academicYear())
        .put("term", round.term())
        .put("active", active).put("present", present).put("notPresent", notPresent)
        .put("unanswered", unanswered)
        .put("lastAnswerAt", last == null ? null : last.toInstant().toString())
        .put("certified", certifiedAt != null)
        .put("certifiedAt", certifiedAt == null ? null : certifiedAt.toInstant().toString())
        .put("certifiedBy", certifiedBy)
        .put("byGrade", byGrade);
  }

  static JsonObject progress(AreaProgress progress) {
    JsonArray schools = new JsonArray();
    long active = 0;
    long answered = 0;
    long present = 0;
    long notPresent = 0;
    int certified = 0;
    int confirming = 0;
    for (ExistenceRepository.SchoolProgress r : progress.schools()) {
      String state = AreaProgress.state(r);
      if (state.equals("certified")) certified++;
      if (state.equals("confirming")) confirming++;
      active += r.active();
      answered += r.answered();
      present += r.present();
      notPresent += r.notPresent();
      schools.add(new JsonObject()
          .put("schoolCode", r.schoolCode())
          .put("schoolName", progress.names().containsKey(r.schoolCode()) ? progress.names().get(r.schoolCode()).nameTh() : null)
          .put("state", state)
          .put("active", r.active())
          .put("answered", r.answered())
          .put("present", r.present())
          .put("notPresent", r.notPresent())
          .put("unanswered", r.active() - r.answered())
          .put("lastActivityAt", instant(r.lastAnswer()))
          .put("certifiedAt", instant(r.certifiedAt())));
    }
    int rows = progress.schools().size();
    return new JsonObject().put("areaCode", progress.areaCode()).put("academicYear", progress.round().academicYear())
        .put("term", progress.round().term())
        .put("totals", new JsonObject().put("schools", rows).put("notStarted", rows - certified - confirming)
            .put("confirming", confirming).put("certified", certified).put("active", active).put("answered", answered)
            .put("present", present).put("notPresent", notPresent).put("unanswered", active - answered))
        .put("items", schools).put("total", schools.size());
  }

  static JsonObject duplicates(AreaDuplicates duplicates) {
    JsonArray list = new JsonArray();
    for (AreaDuplicates.Duplicate d : duplicates.items()) {
      ExistenceRepository.PossibleDuplicate r = d.student();
      list.add(new JsonObject()
          .put("citizenId", r.citizenId())
          .put("firstName", r.firstName())
          .put("lastName", r.lastName())
          .put("birthDate", r.birthDate().toString())
          .put("schoolCode", r.schoolCode())
          .put("grade", r.grade())
          .put("otherCitizenId", r.otherCitizenId())
          .put("otherSchoolCode", r.otherSchoolCode())
          .put("otherSchoolName", d.otherSchoolName())
          .put("otherAreaCode", d.otherAreaCode())
          .put("otherGrade", r.otherGrade()));
    }
    return new JsonObject().put("areaCode", duplicates.areaCode()).put("items", list).put("total", list.size());
  }

  static JsonObject acknowledgement(AreaAcknowledgement ack) {
    ExistenceRepository.Acknowledgement a = ack.acknowledgement();
    return new JsonObject().put("areaCode", ack.areaCode()).put("academicYear", ack.round().academicYear())
        .put("term", ack.round().term())
        .put("acknowledgedBy", a.by())
        .put("acknowledgedAt", instant(a.at()))
        .put("notCertified", a.notCertified());
  }

  static JsonObject closure(RoundClosure closure) {
    ExistenceRepository.Closure c = closure.closure();
    return new JsonObject().put("academicYear", closure.round().academicYear()).put("term", closure.round().term())
        .put("closedBy", c.by()).put("closedAt", instant(c.at()))
        .put("students", c.students()).put("present", c.present());
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
