package th.obec.dmc.student;

import java.util.ArrayList;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.kernel.BusinessClock;

import java.util.List;
import java.util.UUID;

/**
 * The year-end promotion, OBEC's action in its own window: every active student moves up one grade (in
 * the tracks of templates/students.json's "promotion"), and each school's top grade of a track leaves the roll
 * as graduates. Once per academic year: running it again answers the first run and promotes nobody twice.
 */
public final class PromotionService {
  private static final Logger log = LoggerFactory.getLogger(PromotionService.class);

  private final PromotionRepository repository;
  private final AuditLog audit;
  private final BusinessClock clock;
  private final int academicYear;
  private final String[] grades;
  private final Integer[] tracks;

  /** {@code tracks}: the grades in the order students go through them, one list per track (the general track, ปวช.). */
  public PromotionService(PromotionRepository repository, AuditLog audit, BusinessClock clock, int academicYear,
                          List<List<String>> tracks) {
    this.repository = repository;
    this.audit = audit;
    this.clock = clock;
    this.academicYear = academicYear;
    List<String> g = new ArrayList<>();
    List<Integer> t = new ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      for (String grade : tracks.get(i)) {
        g.add(grade);
        t.add(i);
      }
    }
    this.grades = g.toArray(String[]::new);
    this.tracks = t.toArray(Integer[]::new);
  }

  /** The year's promotion, as done (by this call or an earlier one: a second call changes nothing). */
  public record YearPromotion(int academicYear, PromotionRepository.Promotion done) {
    public JsonObject toJson() {
      return new JsonObject().put("academicYear", academicYear).put("promotedBy", done.by())
          .put("promotedAt", done.at().toString()).put("promoted", done.promoted()).put("graduated", done.graduated());
    }
  }

  /** The first call's work: the top grade graduated, the others moved up a grade, recorded and audited. */
  private Future<Void> promoted(SqlConnection conn, Principal actor, UUID id) {
    return repository.graduate(conn, grades, tracks, id, clock.now())
        .compose(graduated -> repository.promote(conn, grades, tracks, clock.now()).map(promoted -> new int[] {promoted, graduated}))
        .compose(n -> repository.record(conn, academicYear, n[0], n[1])
            .compose(v -> audit.record(conn, actor, "roll.promoted", null, null, new JsonObject()
                .put("academicYear", academicYear).put("promoted", n[0]).put("graduated", n[1]), clock.now()))
            .onSuccess(v -> log.info("event=year_end_promotion year={} promoted={} graduated={} by={}",
                academicYear, n[0], n[1], actor.username())));
  }

  public Future<YearPromotion> promote(Principal actor) {
    UUID id = UUID.randomUUID();
    return repository.pool().withTransaction(conn -> repository.claim(conn, academicYear, id, actor.username(), clock.now())
            .compose(first -> first ? promoted(conn, actor, id) : Future.succeededFuture())
            .compose(v -> repository.done(conn, academicYear)))
        .map(done -> new YearPromotion(academicYear, done.orElseThrow()));
  }
}
