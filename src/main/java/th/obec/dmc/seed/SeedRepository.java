package th.obec.dmc.seed;

import th.obec.dmc.db.Columns;
import th.obec.dmc.db.DatabaseUrl;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's SQL: set-based inserts from arrays and generate_series, one statement an area for the roll.
 * A command-line tool on its own thread, so plain JDBC.
 */
final class SeedRepository implements AutoCloseable {
  private static final String PROVINCES = "ARRAY['กรุงเทพมหานคร','เชียงใหม่','เชียงราย','ลำปาง','พิษณุโลก','นครสวรรค์',"
      + "'ขอนแก่น','อุดรธานี','นครราชสีมา','อุบลราชธานี','บุรีรัมย์','สุรินทร์','ชลบุรี','ระยอง','นครปฐม','ราชบุรี',"
      + "'สุราษฎร์ธานี','นครศรีธรรมราช','สงขลา','ภูเก็ต','ยะลา','ตาก','น่าน','เลย','สกลนคร']";
  private static final String SYLLABLES = "ARRAY['ศรี','สุข','ทอง','แก้ว','วงศ์','ชัย','บุญ','มา','ดี','เจริญ','สม','พร',"
      + "'รัตน์','กุล','ปัญญา','ทรัพย์','เพชร','ใจ','คำ','จันทร์','สิงห์','นาค','ธรรม','ประเสริฐ','มั่น','ยืน','ยง','เกษม','พันธ์','โชค']";
  private static final String BOYS = "ARRAY['ณัฐพล','ธนกร','ภูมิ','ปัณณวิชญ์','กิตติพัฒน์','ศุภกร','อนุชา','วีรภัทร','ธีรเดช',"
      + "'พีรพัฒน์','ชยพล','ณภัทร','สิทธิชัย','ธนพล','จิรายุ','พงศกร','วรเมธ','ภาคิน','ธนวัฒน์','กฤษดา']";
  private static final String GIRLS = "ARRAY['ณัฐธิดา','พิมพ์ชนก','กัญญาณัฐ','ชนิดา','ปิยธิดา','สุภาวดี','อรอุมา','ศิริพร',"
      + "'ธัญญารัตน์','วรรณภา','กมลชนก','ปวีณา','นภัสสร','พัชราภา','มณีรัตน์','ชลธิชา','อารีรัตน์','ขวัญข้าว','ลลิตา','รุ่งนภา']";

  private final Connection conn;

  SeedRepository(DatabaseUrl url) throws SQLException {
    this.conn = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    try (Statement s = conn.createStatement()) {
      // The student's ID from its index in the country: a 13-digit citizen ID with its check digit (a
      // permutation of the indexes, so never twice), or one time in two hundred a G-code.
      s.execute("CREATE FUNCTION pg_temp.seed_id(g bigint, seed bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$"
          + " SELECT CASE WHEN abs(hashint8(g * 7 + seed)) % 200 = 0 THEN 'G' || lpad(g::text, 12, '0')"
          + " ELSE v::text || ((11 - (" + checkSum() + ") % 11) % 10)::text END"
          + " FROM (SELECT 100000000000 + (g * 104729 + seed * 7919) % 100000000000 AS v) x $$");
    }
  }

  /** Σ digit(i) × (14 − i) over the 12 digits of v, written out so PostgreSQL computes it inline. */
  private static String checkSum() {
    List<String> terms = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      terms.add("((v / 1" + "0".repeat(12 - i) + ") % 10) * " + (14 - i));
    }
    return String.join(" + ", terms);
  }

  long count(String table) throws SQLException {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void insertAreas(int areas, int primaryAreas) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("""
        INSERT INTO area (code, name_th, kind, province)
        SELECT CASE WHEN i < ? THEN (1001 + i)::text ELSE (2001 + i - ?)::text END,
               CASE WHEN i < ? THEN 'สพป.' || p || ' เขต ' || (1 + i / cardinality(%1$s)) ELSE 'สพม.' || p END,
               CASE WHEN i < ? THEN 'primary' ELSE 'secondary' END, p
        FROM generate_series(0, ? - 1) i, LATERAL (SELECT (%1$s)[1 + i %% cardinality(%1$s)] AS p) pr
        """.formatted(PROVINCES))) {
      ps.setInt(1, primaryAreas);
      ps.setInt(2, primaryAreas);
      ps.setInt(3, primaryAreas);
      ps.setInt(4, primaryAreas);
      ps.setInt(5, areas);
      ps.executeUpdate();
    }
  }

  /** The registry, and a work table of each school's size and the index of its first student in the country. */
  void insertSchools(CountryShape shape) throws SQLException {
    int n = shape.sizes().length;
    Long[] first = new Long[n];
    Integer[] sizes = new Integer[n];
    Boolean[] secondary = new Boolean[n];
    long index = 0;
    for (int i = 0; i < n; i++) {
      first[i] = index;
      sizes[i] = shape.sizes()[i];
      secondary[i] = shape.secondary()[i];
      index += shape.sizes()[i];
    }
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TEMP TABLE seed_school (code text PRIMARY KEY, area_code text, size int, first_index bigint,"
          + " secondary boolean)");
    }
    try (PreparedStatement ps = conn.prepareStatement(
        "INSERT INTO seed_school SELECT * FROM unnest(?::text[], ?::text[], ?::int[], ?::bigint[], ?::boolean[])")) {
      ps.setArray(1, conn.createArrayOf("text", shape.schoolCodes()));
      ps.setArray(2, conn.createArrayOf("text", shape.schoolAreas()));
      ps.setArray(3, conn.createArrayOf("int4", sizes));
      ps.setArray(4, conn.createArrayOf("int8", first));
      ps.setArray(5, conn.createArrayOf("bool", secondary));
      ps.executeUpdate();
    }
    try (Statement s = conn.createStatement()) {
      s.executeUpdate("INSERT INTO school (code, name_th, area_code, province)"
          + " SELECT sc.code, 'โรงเรียนบ้าน' || (" + SYLLABLES + ")[1 + abs(hashtext(sc.code)) % 30]"
          + " || (" + SYLLABLES + ")[1 + abs(hashtext(sc.code || 'x')) % 30] || ' ' || right(sc.code, 5),"
          + " sc.area_code, a.province FROM seed_school sc JOIN area a ON a.code = sc.area_code ORDER BY sc.code");
    }
  }

  /**
   * One area's roll. A school teaches อ.2 to ป.6 (primary) or ม.1 to ม.6 (secondary); its students spread
   * evenly over its grades, in rooms of up to 40, with birth dates that fit the grade in the academic year.
   */
  long insertStudents(String area, long seed, int academicYearCe) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("""
        INSERT INTO student (school_code, citizen_id, student_number, prefix, first_name, last_name, sex, birth_date,
                             grade, room, status, updated_at)
        SELECT sc.code, pg_temp.seed_id(g, ?), (x.j + 1)::text,
               CASE WHEN age >= 15 THEN (CASE WHEN male THEN 'นาย' ELSE 'นางสาว' END)
                    ELSE (CASE WHEN male THEN 'เด็กชาย' ELSE 'เด็กหญิง' END) END,
               CASE WHEN male THEN (%s)[1 + (h / 2) %% 20] ELSE (%s)[1 + (h / 2) %% 20] END,
               (%3$s)[1 + g %% 30] || (%3$s)[1 + (g / 30) %% 30] || (%3$s)[1 + (g / 900) %% 30]
                 || (%3$s)[1 + (g / 27000) %% 30] || CASE WHEN g >= 810000 THEN (%3$s)[1 + (g / 810000) %% 30] ELSE '' END,
               CASE WHEN male THEN 'M' ELSE 'F' END,
               make_date(? - age - 1, 5, 16) + (h %% 365)::int,
               grades[1 + grade_index], (1 + x.j %% rooms)::text, 'active', now()
        FROM seed_school sc
        CROSS JOIN LATERAL generate_series(0, sc.size - 1) AS x(j)
        CROSS JOIN LATERAL (SELECT sc.first_index + x.j AS g) gi
        CROSS JOIN LATERAL (SELECT abs(hashint8(g * 31 + ?)) AS h) hh
        CROSS JOIN LATERAL (SELECT h %% 2 = 0 AS male) sx
        CROSS JOIN LATERAL (SELECT CASE WHEN sc.secondary THEN ARRAY['ม.1','ม.2','ม.3','ม.4','ม.5','ม.6']
                                   ELSE ARRAY['อ.2','อ.3','ป.1','ป.2','ป.3','ป.4','ป.5','ป.6'] END AS grades) gr
        CROSS JOIN LATERAL (SELECT (x.j * cardinality(grades) / sc.size)::int AS grade_index,
                                   greatest(1, ceil(sc.size::numeric / cardinality(grades) / 40))::int AS rooms) gg
        CROSS JOIN LATERAL (SELECT CASE WHEN sc.secondary THEN 12 ELSE 4 END + grade_index AS age) ag
        WHERE sc.area_code = ?
        """.formatted(BOYS, GIRLS, SYLLABLES))) {
      ps.setLong(1, seed);
      ps.setInt(2, academicYearCe);
      ps.setLong(3, seed);
      ps.setString(4, area);
      return ps.executeUpdate();
    }
  }

  /**
   * One child under two IDs: every 997th student (from the 500th) takes the name and birth date of the
   * student half the country away, in another school, and a G-code. The area's duplicates page finds them.
   */
  long markDuplicates(long students, long seed) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("""
        UPDATE student s SET citizen_id = 'G' || lpad(d.g::text, 12, '0'), first_name = p.first_name,
                             last_name = p.last_name, birth_date = p.birth_date
        FROM (SELECT g, (g + ? / 2) % ? AS partner FROM generate_series(500, ? - 1, 997) g) d
        JOIN student p ON p.citizen_id = pg_temp.seed_id(d.partner, ?) AND p.status = 'active'
        WHERE s.citizen_id = pg_temp.seed_id(d.g, ?) AND s.status = 'active' AND s.school_code <> p.school_code
        """)) {
      ps.setLong(1, students);
      ps.setLong(2, students);
      ps.setLong(3, students);
      ps.setLong(4, seed);
      ps.setLong(5, seed);
      return ps.executeUpdate();
    }
  }

  /** The accounts; with {@code mustChange}, each password works once, for choosing a new one. */
  void insertAccounts(List<SeedAccounts.Account> accounts, boolean mustChange) throws SQLException {
    String[][] columns = Columns.of(accounts, SeedAccounts.Account::username, SeedAccounts.Account::hash,
        SeedAccounts.Account::role, SeedAccounts.Account::schoolCode, SeedAccounts.Account::areaCode);
    try (PreparedStatement ps = conn.prepareStatement("""
        INSERT INTO app_user (username, password_hash, role, school_code, area_code, created_by, must_change_password)
        SELECT u.*, 'seed', ? FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS u""")) {
      ps.setBoolean(1, mustChange);
      for (int c = 0; c < columns.length; c++) ps.setArray(c + 2, array(columns[c]));
      ps.executeUpdate();
    }
  }

  private Array array(String[] values) throws SQLException {
    return conn.createArrayOf("text", values);
  }

  void analyze() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  @Override
  public void close() throws SQLException {
    conn.close();
  }
}
