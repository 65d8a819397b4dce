package th.obec.dmc.registry;

import java.util.HashMap;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import th.obec.dmc.db.Rows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The SQL of areas and schools. Imports are set-based: one statement per table, whatever the row count. */
public final class RegistryRepository {
  private static final String UPSERT_AREAS = """
      INSERT INTO area (code, name_th, kind, province)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
      ON CONFLICT (code) DO UPDATE
        SET name_th = EXCLUDED.name_th, kind = EXCLUDED.kind, province = EXCLUDED.province, updated_at = now()
      RETURNING (xmax = 0) AS inserted""";

  private static final String UPSERT_SCHOOLS = """
      INSERT INTO school (code, name_th, area_code, province, obec_code)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
      ON CONFLICT (code) DO UPDATE
        SET name_th = EXCLUDED.name_th, area_code = EXCLUDED.area_code, province = EXCLUDED.province,
            obec_code = EXCLUDED.obec_code, updated_at = now()
      RETURNING (xmax = 0) AS inserted""";

  /** The schools of the file that already exist, with their area before the import. */
  private static final String AREAS_BEFORE = """
      SELECT code, area_code FROM school WHERE code = ANY($1::text[]) FOR UPDATE""";

  private static final String BUMP_VERSION = "UPDATE registry_version SET version = version + 1 RETURNING version";
  private static final String VERSION = "SELECT version FROM registry_version";

  private static final String AREA = "SELECT code, name_th, kind, province FROM area WHERE code = $1";

  private static final String AREAS = """
      SELECT a.code, a.name_th, a.kind, a.province, count(s.code) AS schools
      FROM area a LEFT JOIN school s ON s.area_code = a.code
      GROUP BY a.code ORDER BY a.code""";

  private static final String SCHOOL = "SELECT code, name_th, area_code, province, obec_code FROM school WHERE code = $1";

  private static final String SCHOOLS_BY_CODE = """
      SELECT code, name_th, area_code, province, obec_code FROM school WHERE code = ANY($1) OR obec_code = ANY($1)""";

  private static final String SCHOOLS_OF_AREA = """
      SELECT code, name_th, area_code, province, obec_code FROM school WHERE area_code = $1 ORDER BY code""";

  /** How many rows of a table an import created and how many it updated. */
  public record Counts(int created, int updated) {}

  private final Pool pool;

  public RegistryRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** A school the import moved from one area to another. */
  public record Move(String school, String from, String to) {}

  /** What an import did: the counts, the schools it moved, and the registry's new version. */
  public record Imported(Counts areas, Counts schools, List<Move> moves, long version) {}

  /** Upserts areas then schools in one transaction, all or nothing, noting the moves and bumping the version. */
  Future<Imported> upsert(List<Area> areas, List<School> schools) {
    return pool.withTransaction(conn -> conn.preparedQuery(AREAS_BEFORE)
        .execute(Tuple.tuple().addArrayOfString(column(schools, School::code)))
        .map(before -> moves(before, schools))
        .compose(moves -> upserted(conn, areas, schools, moves)));
  }

  private Future<Imported> upserted(SqlConnection conn, List<Area> areas, List<School> schools, List<Move> moves) {
    return upsertAreas(conn, areas).compose(a -> upsertSchools(conn, schools).map(s -> List.of(a, s)))
        .compose(counts -> conn.query(BUMP_VERSION).execute()
            .map(rows -> new Imported(counts.get(0), counts.get(1), moves, rows.iterator().next().getLong(0))));
  }

  /** The schools whose area the import changes, from the areas they had before it. */
  private static List<Move> moves(RowSet<Row> before, List<School> schools) {
    Map<String, String> was = new HashMap<>();
    before.forEach(r -> was.put(r.getString("code"), r.getString("area_code")));
    List<Move> moves = new ArrayList<>();
    for (School s : schools) {
      String from = was.get(s.code());
      if (from != null && !from.equals(s.areaCode())) moves.add(new Move(s.code(), from, s.areaCode()));
    }
    return moves;
  }

  /** The registry's version: it moves with every import, on whichever node made it. */
  Future<Long> version() {
    return pool.query(VERSION).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Counts> upsertAreas(SqlConnection conn, List<Area> areas) {
    Tuple t = Tuple.tuple()
        .addArrayOfString(column(areas, Area::code))
        .addArrayOfString(column(areas, Area::nameTh))
        .addArrayOfString(column(areas, Area::kind))
        .addArrayOfString(column(areas, Area::province));
    return conn.preparedQuery(UPSERT_AREAS).execute(t).map(RegistryRepository::counts);
  }

  private static Future<Counts> upsertSchools(SqlConnection conn, List<School> schools) {
    Tuple t = Tuple.tuple()
        .addArrayOfString(column(schools, School::code))
        .addArrayOfString(column(schools, School::nameTh))
        .addArrayOfString(column(schools, School::areaCode))
        .addArrayOfString(column(schools, School::province))
        .addArrayOfString(column(schools, School::obecCode));
    return conn.preparedQuery(UPSERT_SCHOOLS).execute(t).map(RegistryRepository::counts);
  }

  Future<Optional<Area>> area(String code) {
    return pool.preparedQuery(AREA).execute(Tuple.of(code)).map(rows -> first(rows).map(RegistryRepository::area));
  }

  /** An area and its number of schools. */
  public record AreaWithSchools(Area area, long schools) {}

  private static final Function<Row, AreaWithSchools> AREA_WITH_SCHOOLS = r -> new AreaWithSchools(area(r),
      r.getLong("schools"));

  /** Every area with its number of schools. */
  Future<List<AreaWithSchools>> areasWithCounts() {
    return pool.query(AREAS).mapping(AREA_WITH_SCHOOLS).execute().map(Rows::list);
  }

  Future<Optional<School>> school(String code) {
    return pool.preparedQuery(SCHOOL).execute(Tuple.of(code)).map(rows -> first(rows).map(RegistryRepository::school));
  }

  Future<List<School>> schoolsByCode(String[] codes) {
    return pool.preparedQuery(SCHOOLS_BY_CODE).mapping(RegistryRepository::school)
        .execute(Tuple.tuple().addArrayOfString(codes)).map(Rows::list);
  }

  Future<List<School>> schoolsOfArea(String areaCode) {
    return pool.preparedQuery(SCHOOLS_OF_AREA).mapping(RegistryRepository::school).execute(Tuple.of(areaCode))
        .map(Rows::list);
  }

  private static Area area(Row r) {
    return new Area(r.getString("code"), r.getString("name_th"), r.getString("kind"), r.getString("province"));
  }

  private static School school(Row r) {
    return new School(r.getString("code"), r.getString("name_th"), r.getString("area_code"), r.getString("province"),
        r.getString("obec_code"));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static Counts counts(RowSet<Row> rows) {
    int created = 0;
    for (Row r : rows) if (r.getBoolean("inserted")) created++;
    return new Counts(created, rows.size() - created);
  }

  private static <T> String[] column(List<T> items, Function<T, String> field) {
    String[] values = new String[items.size()];
    for (int i = 0; i < values.length; i++) values[i] = field.apply(items.get(i));
    return values;
  }
}
