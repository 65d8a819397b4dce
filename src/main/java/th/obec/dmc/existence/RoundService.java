package th.obec.dmc.existence;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import th.obec.dmc.kernel.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;

import java.time.OffsetDateTime;
import java.util.List;

/** The round seen from an area office and from OBEC: progress, possible duplicates, acknowledgement, close. */
public final class RoundService {
  private static final Logger log = LoggerFactory.getLogger(RoundService.class);

  private final ExistenceRepository repository;
  private final RegistryService registry;
  private final AuditLog audit;
  private final BusinessClock clock;
  private final Round round;
  private final RoundMeters meters;
  /** The round's count day, from its calendar: kept with the close, so the closed round's titles say it. */
  private final LocalDate countDate;

  public RoundService(ExistenceRepository repository, RegistryService registry, AuditLog audit, BusinessClock clock,
                      Round round, RoundMeters meters, LocalDate countDate) {
    this.meters = meters;
    this.countDate = countDate;
    this.repository = repository;
    this.registry = registry;
    this.audit = audit;
    this.clock = clock;
    this.round = round;
  }

  /** Every school of the area with its state and counts, in one grouped query. */
  public Future<AreaProgress> progress(String area) {
    // An area officer knows schools by name: each row carries it beside the code.
    return registry.schoolCodesOfArea(area).compose(codes -> registry.schools(codes).compose(names ->
        repository.progress(round, codes).map(rows -> new AreaProgress(area, round, rows, names))));
  }

  /**
   * Students of the area's schools who appear active in another school too. One ID cannot be active twice
   * (the roll forbids it), so what remains is one child under two IDs: the same name and birth date.
   */
  /**
   * The area's possible duplicates: each shows the other school's student, often in another area. Every read is
   * audited with the other schools and areas it showed (issue 19 item 14), whether as a page or a workbook.
   */
  public Future<AreaDuplicates> duplicates(Principal actor, String area) {
    return duplicateList(area).compose(found -> {
      Set<String> schools = new TreeSet<>();
      Set<String> areas = new TreeSet<>();
      for (AreaDuplicates.Duplicate d : found.items()) {
        schools.add(d.student().otherSchoolCode());
        if (d.otherAreaCode() != null) areas.add(d.otherAreaCode());
      }
      if (schools.isEmpty()) return Future.succeededFuture(found);
      return audit.record(repository.pool(), actor, "area.duplicates_read", null, area, new JsonObject()
              .put("rows", found.items().size()).put("otherSchools", new JsonArray(List.copyOf(schools)))
              .put("otherAreas", new JsonArray(List.copyOf(areas))), clock.now())
          .map(found);
    });
  }

  private Future<AreaDuplicates> duplicateList(String area) {
    return registry.schoolCodesOfArea(area).compose(repository::duplicates)
        .compose(rows -> registry.schools(otherSchools(rows)).map(schools -> new AreaDuplicates(area, rows.stream()
            .map(r -> new AreaDuplicates.Duplicate(r, schools.get(r.otherSchoolCode()))).toList())));
  }

  private static Set<String> otherSchools(List<ExistenceRepository.PossibleDuplicate> rows) {
    Set<String> others = new HashSet<>();
    rows.forEach(r -> others.add(r.otherSchoolCode()));
    return others;
  }

  public Future<AreaAcknowledgement> acknowledge(Principal actor, String area) {
    // Under the area's lock, so that no school of it is reopened between reading who is certified and acknowledging.
    return registry.schoolCodesOfArea(area).compose(codes -> repository.pool().withTransaction(conn ->
        repository.lockArea(conn, round, area)
          .compose(v -> repository.closure(conn, round))
          .compose(closed -> {
            if (closed.isPresent()) throw ExistenceService.roundClosed();
            return repository.progress(conn, round, codes);
          })
          .compose(rows -> acknowledged(conn, actor, area, rows))
          .compose(v -> repository.acknowledgement(conn, round, area))))
        .map(found -> new AreaAcknowledgement(area, round, found.orElseThrow()));
  }

  /** The acknowledgement written with the schools not certified at that moment, and audited once. */
  private Future<Void> acknowledged(SqlConnection conn, Principal actor, String area,
                                    List<ExistenceRepository.SchoolProgress> rows) {
    JsonArray notCertified = new JsonArray();
    for (ExistenceRepository.SchoolProgress r : rows) if (r.certifiedAt() == null) notCertified.add(r.schoolCode());
    return repository.acknowledge(conn, round, area, actor.username(), clock.now(), notCertified)
        .compose(created -> !created ? Future.<Void>succeededFuture()
            : audit.record(conn, actor, "round.acknowledged", null, area,
                new JsonObject().put("notCertified", notCertified), clock.now())
                .onSuccess(v -> meters.acknowledgements.increment()));
  }

  /**
   * Freezes the round once every area has acknowledged its schools; before that, only with {@code force} and a
   * reason, which the audit records with the areas passed over. Closing twice is harmless and answers with the
   * first close.
   */
  public Future<RoundClosure> close(Principal actor, boolean force, String reason) {
    return registry.areaCodes().compose(areas -> repository.pool().withTransaction(conn ->
            repository.lockRoundExclusive(conn, round)
                .compose(v -> waiting(conn, areas, force))
                .compose(waiting -> closed(conn, actor, waiting, force, reason))
                .compose(v -> repository.closure(conn, round))))
        .map(found -> new RoundClosure(round, found.orElseThrow()));
  }

  /** The areas that have not acknowledged (none once closed); refused unless forced while there are any. */
  private Future<List<String>> waiting(SqlConnection conn, List<String> areas, boolean force) {
    return repository.closure(conn, round).compose(closed -> closed.isPresent() ? Future.succeededFuture(List.of())
        : repository.acknowledgedAreas(conn, round).compose(done -> {
          List<String> waiting = areas.stream().filter(a -> !done.contains(a)).toList();
          return waiting.isEmpty() || force ? Future.succeededFuture(waiting)
              : Future.failedFuture(areasNotAcknowledged(waiting));
        }));
  }

  /** The round closed and its roll frozen, audited once (with the areas passed over when forced). */
  private Future<Void> closed(SqlConnection conn, Principal actor, List<String> waiting, boolean force, String reason) {
    JsonObject detail = force
        ? new JsonObject().put("force", true).put("reason", reason).put("notAcknowledged", new JsonArray(waiting))
        : new JsonObject();
    return repository.close(conn, round, actor.username(), clock.now(), countDate)
        .compose(closedNow -> !closedNow ? Future.<Void>succeededFuture()
            : audit.record(conn, actor, "round.closed", null, null, detail, clock.now())
                .onSuccess(x -> log.info("event=round_closed year={} term={} by={}", round.academicYear(),
                    round.term(), actor.username())));
  }

  private static Problem areasNotAcknowledged(List<String> areas) {
    return new Problem(409, "AREAS_NOT_ACKNOWLEDGED", "Conflict",
        areas.size() + " area(s) have not acknowledged their schools yet: " + areas
            + ". Wait for them, or close with {\"force\": true, \"reason\": ...}.",
        "ยังมี สพท. " + areas.size() + " แห่งที่ยังไม่รับทราบการรายงานข้อมูล: " + areas
            + " กรุณารอ หรือปิดระบบโดยระบุ force และเหตุผล",
        new JsonObject().put("areas", new JsonArray(areas)));
  }

}
