package th.obec.dmc.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.auth.Principal;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The append-only record of who changed what in the round and in the uploads. Events are written in the
 * same transaction as the change they describe, so there is no change without its event.
 */
public final class AuditLog {
  private static final String INSERT = """
      INSERT INTO audit_event (at, actor, role, action, school_code, area_code, detail)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  private static final String LIST = """
      SELECT id, at, actor, role, action, school_code, area_code, detail FROM audit_event
      WHERE ($1::text IS NULL OR school_code = $1) AND ($2::text IS NULL OR area_code = $2)
      ORDER BY id DESC LIMIT $3""";

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> record(SqlClient client, Principal actor, String action, String schoolCode, String areaCode,
                             JsonObject detail, Instant at) {
    return client.preparedQuery(INSERT).execute(Tuple.from(java.util.Arrays.asList(at.atOffset(ZoneOffset.UTC),
        actor.username(), actor.role().wire(), action, schoolCode, areaCode, detail))).mapEmpty();
  }

  /** An event with no logged-in actor, such as a login refused for too many failures. */
  public Future<Void> recordAnonymous(SqlClient client, String username, String action, JsonObject detail, Instant at) {
    return client.preparedQuery(INSERT).execute(Tuple.from(java.util.Arrays.asList(at.atOffset(ZoneOffset.UTC),
        username, "anonymous", action, null, null, detail))).mapEmpty();
  }

  Future<JsonArray> list(String schoolCode, String areaCode, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(schoolCode, areaCode, limit)).map(rows -> {
      JsonArray events = new JsonArray();
      for (Row r : rows) {
        events.add(new JsonObject()
            .put("id", r.getLong("id"))
            .put("at", r.getOffsetDateTime("at").toInstant().toString())
            .put("actor", r.getString("actor"))
            .put("role", r.getString("role"))
            .put("action", r.getString("action"))
            .put("schoolCode", r.getString("school_code"))
            .put("areaCode", r.getString("area_code"))
            .put("detail", r.getValue("detail")));
      }
      return events;
    });
  }
}
