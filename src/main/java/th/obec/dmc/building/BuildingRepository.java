package th.obec.dmc.building;

import th.obec.dmc.db.Rows;
import java.util.function.Function;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.SqlText;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The SQL of B-OBEC building records and their confirmation. */
public final class BuildingRepository {
  static final List<String> COLUMNS = List.of("building_no", "category", "plan_code", "floors", "rooms_by_plan",
      "rooms_in_use", "special_rooms", "year_built", "budget_baht", "budget_source", "condition", "usage_status");

  private static final String UPSERT = """
      WITH written AS (
      INSERT INTO building AS b (school_code, building_no, category, plan_code, floors, rooms_by_plan, rooms_in_use,
                                 special_rooms, year_built, budget_baht, budget_source, condition, usage_status, updated_at)
      SELECT $1, n, c, p, f::int, rp::int, ru::int, sr::int, y::int, bb::numeric, bs, co, us, $14
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                  $10::text[], $11::text[], $12::text[], $13::text[]) AS u(n, c, p, f, rp, ru, sr, y, bb, bs, co, us)
      ON CONFLICT (school_code, building_no) DO UPDATE SET
        category = EXCLUDED.category, plan_code = EXCLUDED.plan_code, floors = EXCLUDED.floors,
        rooms_by_plan = EXCLUDED.rooms_by_plan, rooms_in_use = EXCLUDED.rooms_in_use,
        special_rooms = EXCLUDED.special_rooms,
        year_built = EXCLUDED.year_built, budget_baht = EXCLUDED.budget_baht,
        budget_source = EXCLUDED.budget_source, condition = EXCLUDED.condition,
        usage_status = EXCLUDED.usage_status, updated_at = EXCLUDED.updated_at
      WHERE (b.category, b.plan_code, b.floors, b.rooms_by_plan, b.rooms_in_use, b.special_rooms, b.year_built,
             b.budget_baht, b.budget_source, b.condition, b.usage_status)
            IS DISTINCT FROM
            (EXCLUDED.category, EXCLUDED.plan_code, EXCLUDED.floors, EXCLUDED.rooms_by_plan, EXCLUDED.rooms_in_use,
             EXCLUDED.special_rooms, EXCLUDED.year_built, EXCLUDED.budget_baht, EXCLUDED.budget_source,
             EXCLUDED.condition, EXCLUDED.usage_status)
      RETURNING (xmax = 0) AS inserted)
      SELECT count(*) FILTER (WHERE inserted)::int, count(*)::int FROM written""";

  /** Changed building data needs confirming again. */
  private static final String CLEAR_CONFIRMATION = "DELETE FROM building_confirmation WHERE school_code = $1";

  private static final String CONFIRM = """
      INSERT INTO building_confirmation (school_code, confirmed_by, confirmed_at) VALUES ($1, $2, $3)
      ON CONFLICT (school_code) DO UPDATE SET confirmed_by = EXCLUDED.confirmed_by, confirmed_at = EXCLUDED.confirmed_at
      RETURNING confirmed_at""";

  private static final String COUNT = "SELECT count(*) FROM building WHERE school_code = $1";

  private static final String LIST = """
      SELECT building_no, category, plan_code, floors, rooms_by_plan, rooms_in_use, special_rooms, year_built,
             budget_baht, budget_source, condition, usage_status
      FROM building WHERE school_code = $1 ORDER BY building_no""";

  private static final String PROGRESS = """
      SELECT s, (SELECT count(*) FROM building b WHERE b.school_code = s) AS buildings,
             c.confirmed_at, c.confirmed_by
      FROM unnest($1::text[]) AS s LEFT JOIN building_confirmation c ON c.school_code = s
      ORDER BY s""";

  /** Per school: buildings by category and by condition, rooms, average age in years (BE year built). */
  private static final String SUMMARY = """
      SELECT school_code, count(*) AS buildings,
             count(*) FILTER (WHERE category = 'classroom') AS classroom,
             count(*) FILTER (WHERE category = 'multipurpose') AS multipurpose,
             count(*) FILTER (WHERE category = 'teacher_house') AS teacher_house,
             count(*) FILTER (WHERE category = 'toilet') AS toilet,
             count(*) FILTER (WHERE category NOT IN ('classroom', 'multipurpose', 'teacher_house', 'toilet')) AS other_category,
             count(*) FILTER (WHERE condition = 'good') AS good, count(*) FILTER (WHERE condition = 'fair') AS fair,
             count(*) FILTER (WHERE condition = 'damaged') AS damaged,
             count(*) FILTER (WHERE condition = 'dilapidated') AS dilapidated,
             sum(rooms_by_plan) AS rooms_by_plan, sum(rooms_in_use) AS rooms_in_use,
             round(avg($2 - year_built), 1) AS average_age
      FROM building WHERE ($1::text[] IS NULL OR school_code = ANY($1))
      GROUP BY school_code ORDER BY school_code""";

  private final Pool pool;

  public BuildingRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Changes> upsert(SqlConnection conn, String schoolCode, List<ValidRow> rows, Instant now) {
    Tuple t = Tuple.tuple().addString(schoolCode);
    for (String column : COLUMNS) t.addArrayOfString(ValidRow.column(rows, column));
    t.addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
    return conn.preparedQuery(UPSERT).execute(t)
        .compose(result -> conn.preparedQuery(CLEAR_CONFIRMATION).execute(Tuple.of(schoolCode))
            .map(v -> {
              Row counts = result.iterator().next();
              return Changes.counted(counts.getInteger(0), counts.getInteger(1), rows.size());
            }));
  }

  Future<Long> count(String schoolCode) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(schoolCode)).map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Instant> confirm(String schoolCode, String by, Instant now) {
    return pool.preparedQuery(CONFIRM).execute(Tuple.of(schoolCode, by, now.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  /** A building as the spec's columns hold it, by the API's (camelCase) field names, in the spec's order. */
  record Building(Map<String, Object> fields) {
    JsonObject toJson() {
      return new JsonObject(new LinkedHashMap<>(fields));
    }
  }

  private static final Function<Row, Building> BUILDING = r -> {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String column : COLUMNS) fields.put(SheetSpec.camel(column), SqlText.of(r.getValue(column)));
    return new Building(fields);
  };

  Future<List<Building>> list(String schoolCode) {
    return pool.preparedQuery(LIST).mapping(BUILDING).execute(Tuple.of(schoolCode)).map(Rows::list);
  }

  /** A school's buildings counted by category and condition, its rooms, and their average age in years. */
  record SchoolSummary(String schoolCode, long buildings, long classroom, long multipurpose, long teacherHouse,
                       long toilet, long otherCategory, long good, long fair, long damaged, long dilapidated,
                       long roomsByPlan, long roomsInUse, Double averageAge) {}

  /** A school's number of buildings and its confirmation of them, if any. */
  record Confirmation(String schoolCode, long buildings, Instant confirmedAt, String confirmedBy) {}

  /** The summary per school of the given schools, or of every school when {@code schools} is null. */
  Future<List<SchoolSummary>> summary(List<String> schools, int thisYearBe) {
    Tuple t = Tuple.tuple();
    if (schools == null) t.addValue(null);
    else t.addArrayOfString(schools.toArray(String[]::new));
    return pool.preparedQuery(SUMMARY).mapping(SCHOOL_SUMMARY).execute(t.addInteger(thisYearBe)).map(Rows::list);
  }

  private static final Function<Row, SchoolSummary> SCHOOL_SUMMARY = r -> new SchoolSummary(r.getString("school_code"),
      r.getLong("buildings"), r.getLong("classroom"), r.getLong("multipurpose"), r.getLong("teacher_house"),
      r.getLong("toilet"), r.getLong("other_category"), r.getLong("good"), r.getLong("fair"), r.getLong("damaged"),
      r.getLong("dilapidated"), r.getLong("rooms_by_plan"), r.getLong("rooms_in_use"),
      r.getValue("average_age") == null ? null : Double.valueOf(SqlText.of(r.getValue("average_age"))));

  private static final Function<Row, Confirmation> CONFIRMATION = r -> {
    var at = r.getOffsetDateTime("confirmed_at");
    return new Confirmation(r.getString(0), r.getLong("buildings"), at == null ? null : at.toInstant(),
        r.getString("confirmed_by"));
  };

  /** For each school: its number of buildings and its confirmation, if any. */
  Future<List<Confirmation>> progress(List<String> schoolCodes) {
    return pool.preparedQuery(PROGRESS).mapping(CONFIRMATION)
        .execute(Tuple.tuple().addArrayOfString(schoolCodes.toArray(String[]::new))).map(Rows::list);
  }
}
