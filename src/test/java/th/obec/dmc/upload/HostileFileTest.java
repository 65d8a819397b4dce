package th.obec.dmc.upload;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static th.obec.dmc.support.Problems.assertProblem;

/** Files that are not what they should be get a clear 4xx, and the server keeps serving. */
@ExtendWith(VertxExtension.class)
class HostileFileTest {
  private static final String SCHOOL = "1060010001";
  private static final String ROUTE = "/api/v1/schools/" + SCHOOL + "/uploads?kind=students";
  private static TestServer server;
  private static String staff;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, HostileFileTest.class,
        Map.of("DMC_CLOCK", "2023-11-01T10:00:00+07:00", "DMC_MAX_ROWS", "5", "DMC_MAX_UPLOAD_BYTES", "200000"));
    String admin = server.adminToken();
    Fixtures.registry(server, admin, "6001,สพป.ลำพูน,สพป.,ลำพูน," + SCHOOL + ",โรงเรียนลำพูน");
    Fixtures.user(server, admin, "staff.h", "school_staff", "schoolCode", SCHOOL);
    staff = server.login("staff.h", Fixtures.PASSWORD);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  private static byte[] students(int rows) {
    Object[][] all = new Object[rows + 1][];
    all[0] = new Object[] {"citizen_id", "student_number", "prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room"};
    for (int i = 1; i <= rows; i++) {
      all[i] = new Object[] {Ids.citizen(900 + i), "9" + i, "นาย", "ก", "ข", "ช", "01/01/2550", "ม.3", "1"};
    }
    return Workbooks.xlsx(all);
  }

  @Test
  void encryptedWorkbooksAreRefused() throws Exception {
    POIFSFileSystem fs = new POIFSFileSystem();
    Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
    encryptor.confirmPassword("secret");
    try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(students(1)));
         OutputStream os = encryptor.getDataStream(fs)) {
      pkg.save(os);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fs.writeFilesystem(out);
    assertProblem(server.postBytes(ROUTE, staff, out.toByteArray()), 422, "ENCRYPTED_WORKBOOK");
  }

  /** A good workbook whose sheet XML gets {@code doctype} after its declaration and {@code ref} in a cell. */
  private static byte[] withDoctype(String doctype, String ref) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(students(1)));
         var zip = new java.util.zip.ZipOutputStream(out)) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] bytes = in.readAllBytes();
        if (e.getName().equals("xl/worksheets/sheet1.xml")) {
          String xml = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
          int root = xml.indexOf("<worksheet");
          xml = xml.substring(0, root) + doctype + xml.substring(root);
          xml = xml.replaceFirst("<v>", "<v>" + ref);
          bytes = xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void doctypesAndEntitiesInTheSheetXmlAreRefusedNeverResolved() throws Exception {
    // XXE: an external entity naming a local file; billion laughs: entities nested a billion deep.
    byte[] xxe = withDoctype("<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;");
    StringBuilder lol = new StringBuilder("<!DOCTYPE worksheet [<!ENTITY lol0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      lol.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
    }
    byte[] laughs = withDoctype(lol.append("]>").toString(), "&lol9;");
    for (byte[] file : List.of(xxe, laughs)) {
      long start = System.nanoTime();
      var r = server.postBytes(ROUTE + "&dryRun=true", staff, file);
      JsonObject problem = assertProblem(r, 422, "UNREADABLE_FILE");
      assertFalse(problem.encode().contains("root:"), "no file's content comes back");
      assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused without expanding anything");
    }
  }

  @Test
  void macroWorkbooksAreRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(students(1)))) {
      var part = pkg.createPart(PackagingURIHelper.createPartName("/xl/vbaProject.bin"), "application/vnd.ms-office.vbaProject");
      try (OutputStream os = part.getOutputStream()) {
        os.write(new byte[] {1, 2, 3});
      }
      pkg.save(out);
    }
    assertProblem(server.postBytes(ROUTE, staff, out.toByteArray()), 422, "MACROS_NOT_ALLOWED");
  }

  @Test
  void damagedEmptyForeignAndOversizedFilesGetClearAnswers() {
    byte[] whole = students(1);
    assertProblem(server.postBytes(ROUTE, staff, Arrays.copyOf(whole, whole.length / 2)), 422, "UNREADABLE_FILE");
    assertProblem(server.postBytes(ROUTE, staff, new byte[0]), 400, "MISSING_FILE");
    assertProblem(server.postBytes(ROUTE, staff, "%PDF-1.4\n%âãÏÓ\n".getBytes()), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(server.postBytes(ROUTE, staff, new byte[] {1, 0, 2, 0, 3}), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertProblem(server.postBytes(ROUTE, staff, students(6)), 413, "TOO_MANY_ROWS");
    assertProblem(server.postBytes(ROUTE, staff, new byte[300_000]), 413, "PAYLOAD_TOO_LARGE");
    assertProblem(server.postBytes(ROUTE, staff, "citizen_id,first_name\n1,ก\n".getBytes()), 422, "MISSING_COLUMNS");
    // Blank rows count toward the cap: a million empty lines are as much work as a million full ones.
    String blanks = "citizen_id,student_number,prefix,first_name,last_name,sex,birth_date,grade,room\n" + ",,,,\n".repeat(100);
    assertProblem(server.postBytes(ROUTE, staff, blanks.getBytes()), 413, "TOO_MANY_ROWS");

    // And the server still serves a good file afterwards.
    var ok = server.postBytes(ROUTE, staff, students(5));
    assertEquals(201, ok.statusCode(), ok.bodyAsString());
    assertEquals("committed", ok.bodyAsJsonObject().getString("status"));
  }
}
