package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;

import java.time.OffsetDateTime;

/** The round seen from an area office and from OBEC: progress, possible duplicates, acknowledgement, close. */
public final class RoundService {
  private static final Logger log = LoggerFactory.getLogger(RoundService.class);

  private final ExistenceRepository repository;
  private final RegistryService registry;
  private final AuditLog audit;
  private final BusinessClock clock;
  private final Round round;
  private final RoundMeters meters;

  public RoundService(ExistenceRepository repository, RegistryService registry, AuditLog audit, BusinessClock clock,
                      Round round, RoundMeters meters) {
    this.meters = meters;
    this.repository = repository;
    this.registry = registry;
    this.audit = audit;
    this.clock = clock;
    this.round = round;
  }

  /** Every school of the area with its state and counts, in one grouped query. */
  public Future<JsonObject> progress(String area) {
    return registry.schoolCodesOfArea(area).compose(codes -> repository.progress(round, codes).map(rows -> {
      JsonArray schools = new JsonArray();
      long active = 0;
      long answered = 0;
      long present = 0;
      long notPresent = 0;
      int certified = 0;
      int confirming = 0;
      for (ExistenceRepository.SchoolProgress r : rows) {
        String state = r.certifiedAt() != null ? "certified"
            : r.answered() > 0 ? "confirming" : "not_started";
        if (state.equals("certified")) certified++;
        if (state.equals("confirming")) confirming++;
        active += r.active();
        answered += r.answered();
        present += r.present();
        notPresent += r.notPresent();
        schools.add(new JsonObject()
            .put("schoolCode", r.schoolCode())
            .put("state", state)
            .put("active", r.active())
            .put("answered", r.answered())
            .put("present", r.present())
            .put("notPresent", r.notPresent())
            .put("unanswered", r.active() - r.answered())
            .put("lastActivityAt", instant(r.lastAnswer()))
            .put("certifiedAt", instant(r.certifiedAt())));
      }
      return new JsonObject().put("areaCode", area).put("academicYear", round.academicYear()).put("term", round.term())
          .put("totals", new JsonObject().put("schools", rows.size()).put("notStarted", rows.size() - certified - confirming)
              .put("confirming", confirming).put("certified", certified).put("active", active).put("answered", answered)
              .put("present", present).put("notPresent", notPresent).put("unanswered", active - answered))
          .put("items", schools).put("total", schools.size());
    }));
  }

  /**
   * Students of the area's schools who appear active in another school too. One ID cannot be active twice
   * (the roll forbids it), so what remains is one child under two IDs: the same name and birth date.
   */
  public Future<JsonObject> duplicates(String area) {
    return registry.schoolCodesOfArea(area).compose(codes -> repository.duplicates(codes).compose(rows -> {
      java.util.Set<String> others = new java.util.HashSet<>();
      rows.forEach(r -> others.add(r.otherSchoolCode()));
      return registry.schools(others).map(schools -> {
        JsonArray list = new JsonArray();
        for (ExistenceRepository.PossibleDuplicate r : rows) {
          School other = schools.get(r.otherSchoolCode());
          list.add(new JsonObject()
              .put("citizenId", r.citizenId())
              .put("firstName", r.firstName())
              .put("lastName", r.lastName())
              .put("birthDate", r.birthDate().toString())
              .put("schoolCode", r.schoolCode())
              .put("grade", r.grade())
              .put("otherCitizenId", r.otherCitizenId())
              .put("otherSchoolCode", r.otherSchoolCode())
              .put("otherSchoolName", other == null ? null : other.nameTh())
              .put("otherAreaCode", other == null ? null : other.areaCode())
              .put("otherGrade", r.otherGrade()));
        }
        return new JsonObject().put("areaCode", area).put("items", list).put("total", list.size());
      });
    }));
  }

  public Future<JsonObject> acknowledge(Principal actor, String area) {
    return registry.schoolCodesOfArea(area).compose(codes -> repository.progress(round, codes)).compose(rows -> {
      JsonArray notCertified = new JsonArray();
      rows.forEach(r -> {
        if (r.certifiedAt() == null) notCertified.add(r.schoolCode());
      });
      return repository.pool().withTransaction(conn -> repository.closure(conn, round)
          .compose(closed -> {
            if (closed.isPresent()) throw ExistenceService.roundClosed();
            return repository.acknowledge(conn, round, area, actor.username(), clock.now(), notCertified);
          })
          .compose(created -> !created ? Future.succeededFuture()
              : audit.record(conn, actor, "round.acknowledged", null, area,
                  new JsonObject().put("notCertified", notCertified), clock.now())
                  .onSuccess(v -> meters.acknowledgements.increment()))
          .compose(v -> repository.acknowledgement(conn, round, area)));
    }).map(found -> {
      ExistenceRepository.Acknowledgement a = found.orElseThrow();
      return new JsonObject().put("areaCode", area).put("academicYear", round.academicYear()).put("term", round.term())
          .put("acknowledgedBy", a.by())
          .put("acknowledgedAt", instant(a.at()))
          .put("notCertified", a.notCertified());
    });
  }

  /** Freezes the round: closing twice is harmless and answers with the first close. */
  public Future<JsonObject> close(Principal actor) {
    return repository.pool().withTransaction(conn -> repository.lockRoundExclusive(conn, round)
            .compose(v -> repository.close(conn, round, actor.username(), clock.now()))
            .compose(closedNow -> !closedNow ? Future.succeededFuture()
                : audit.record(conn, actor, "round.closed", null, null, new JsonObject(), clock.now())
                    .onSuccess(x -> log.info("event=round_closed year={} term={} by={}", round.academicYear(),
                        round.term(), actor.username())))
            .compose(v -> repository.closure(conn, round)))
        .map(found -> {
          ExistenceRepository.Closure c = found.orElseThrow();
          return new JsonObject().put("academicYear", round.academicYear()).put("term", round.term())
              .put("closedBy", c.by()).put("closedAt", instant(c.at()))
              .put("students", c.students()).put("present", c.present());
        });
  }

  private static String instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
