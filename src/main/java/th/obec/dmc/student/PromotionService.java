package th.obec.dmc.student;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.sheet.CodeOption;
import th.obec.dmc.sheet.ColumnSpec;

import java.util.List;
import java.util.UUID;

/**
 * The year-end promotion, OBEC's action in its own window: every active student moves up one grade (in
 * the order of the grade codes of templates/students.json), and each school's top grade leaves the roll
 * as graduates. Once per academic year: running it again answers the first run and promotes nobody twice.
 */
public final class PromotionService {
  private static final Logger log = LoggerFactory.getLogger(PromotionService.class);

  private final PromotionRepository repository;
  private final AuditLog audit;
  private final BusinessClock clock;
  private final int academicYear;
  private final List<String> gradeOrder;

  public PromotionService(PromotionRepository repository, AuditLog audit, BusinessClock clock, int academicYear,
                          ColumnSpec gradeColumn) {
    this.repository = repository;
    this.audit = audit;
    this.clock = clock;
    this.academicYear = academicYear;
    this.gradeOrder = gradeColumn.codes().stream().map(CodeOption::code).toList();
  }

  public Future<JsonObject> promote(Principal actor) {
    UUID id = UUID.randomUUID();
    return repository.pool().withTransaction(conn -> repository.claim(conn, academicYear, id, actor.username(), clock.now())
            .compose(first -> !first ? Future.succeededFuture()
                : repository.graduate(conn, gradeOrder, id, clock.now())
                    .compose(graduated -> repository.promote(conn, gradeOrder, clock.now())
                        .compose(promoted -> repository.record(conn, academicYear, promoted, graduated)
                            .compose(v -> audit.record(conn, actor, "roll.promoted", null, null, new JsonObject()
                                .put("academicYear", academicYear).put("promoted", promoted).put("graduated", graduated),
                                clock.now()))
                            .onSuccess(v -> log.info("event=year_end_promotion year={} promoted={} graduated={} by={}",
                                academicYear, promoted, graduated, actor.username())))))
            .compose(v -> repository.done(conn, academicYear)))
        .map(done -> {
          PromotionRepository.Promotion p = done.orElseThrow();
          return new JsonObject().put("academicYear", academicYear).put("promotedBy", p.by())
              .put("promotedAt", p.at().toString()).put("promoted", p.promoted()).put("graduated", p.graduated());
        });
  }
}
