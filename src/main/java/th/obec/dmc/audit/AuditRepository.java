package th.obec.dmc.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.Rows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The SQL of the audit trail: appending events, and reading them back newest first. */
final class AuditRepository {
  private static final String INSERT = """
      INSERT INTO audit_event (at, actor, role, action, school_code, area_code, detail)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  private static final String LIST = """
      SELECT id, at, actor, role, action, school_code, area_code, detail FROM audit_event
      WHERE ($1::text IS NULL OR school_code = $1) AND ($2::text IS NULL OR area_code = $2)
      ORDER BY id DESC LIMIT $3 OFFSET $4""";

  private static final String COUNT = """
      SELECT count(*) FROM audit_event
      WHERE ($1::text IS NULL OR school_code = $1) AND ($2::text IS NULL OR area_code = $2)""";

  /** One event as stored. */
  record Event(long id, Instant at, String actor, String role, String action, String schoolCode, String areaCode,
               Object detail) {}

  private final Pool pool;

  AuditRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(SqlClient client, Instant at, String actor, String role, String action, String schoolCode,
                      String areaCode, JsonObject detail) {
    return client.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(at.atOffset(ZoneOffset.UTC), actor, role,
        action, schoolCode, areaCode, detail))).mapEmpty();
  }

  Future<Long> count(String schoolCode, String areaCode) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(schoolCode, areaCode)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<List<Event>> list(String schoolCode, String areaCode, int limit, int offset) {
    return pool.preparedQuery(LIST).mapping(EVENT).execute(Tuple.of(schoolCode, areaCode, limit, offset))
        .map(Rows::list);
  }

  private static final java.util.function.Function<Row, Event> EVENT = r -> new Event(r.getLong("id"),
      r.getOffsetDateTime("at").toInstant(), r.getString("actor"), r.getString("role"), r.getString("action"),
      r.getString("school_code"), r.getString("area_code"), r.getValue("detail"));
}
