package th.obec.dmc.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.Role;
import th.obec.dmc.kernel.Problem;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Reads that return students' details beyond the roll: their parents' and guardians' citizen IDs, incomes,
 * occupations and phones, and the family's addresses (PDPA: personal data of people who are not users). They are
 * returned only when asked for, and every such read is audited: who, which school, how many students. An area
 * office's or OBEC's reads count against the account's daily disclosure budget, as the children named by uploads
 * do, so one account cannot walk the country's families; a school reading its own students is its own work, and
 * is audited only.
 */
public final class DetailsReads {
  private final SqlClient pool;
  private final AuditLog audit;
  private final DisclosureBudget budget;
  private final ZoneId zone;

  public DetailsReads(SqlClient pool, AuditLog audit, DisclosureBudget budget, ZoneId zone) {
    this.pool = pool;
    this.audit = audit;
    this.budget = budget;
    this.zone = zone;
  }

  /** Records the read, or refuses it (429 DISCLOSURE_LIMIT, itself audited) past the account's budget. */
  public Future<Void> record(Principal reader, String schoolCode, String areaCode, List<String> citizenIds, String what,
                             Instant now) {
    JsonObject detail = new JsonObject().put("what", what).put("students", citizenIds.size());
    boolean counted = reader.role() == Role.AREA_STAFF || reader.role() == Role.OBEC_ADMIN;
    Future<Void> spent = counted && !citizenIds.isEmpty()
        ? budget.spend(reader.username(), now.atZone(zone), citizenIds) : Future.succeededFuture();
    return spent
        .recover(e -> !(e instanceof Problem refusal) ? Future.failedFuture(e)
            : audit.record(pool, reader, "student.disclosure_limit", schoolCode, areaCode, detail, now)
                .transform(ignored -> Future.failedFuture(refusal)))
        .compose(v -> audit.record(pool, reader, "student.details_read", schoolCode, areaCode, detail, now));
  }
}
