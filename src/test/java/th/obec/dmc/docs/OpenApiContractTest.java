package th.obec.dmc.docs;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API contract, served at /api/v1/openapi.json, against the server itself: the router's routes and
 * the document's operations are the same set; every problem code it names exists; and live answers,
 * success and problem alike, validate against its schemas.
 */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest {
  private static final String SCHOOL = "1011110001";
  private static final String AREA = "1111";
  private static TestServer server;
  private static JsonObject document;
  private static ResponseValidator validator;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, OpenApiContractTest.class, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
    var served = server.get("/api/v1/openapi.json", null);
    assertEquals(200, served.statusCode());
    document = served.bodyAsJsonObject();
    OpenAPIContract contract = OpenAPIContract.from(vertx, validatable(document.copy())).await(30, TimeUnit.SECONDS);
    validator = ResponseValidator.create(vertx, contract);
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void theRouterAndTheDocumentDescribeTheSameOperations() {
    SortedSet<String> documented = new TreeSet<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames()
        .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
    SortedSet<String> routed = server.app().routeTable();
    SortedSet<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    SortedSet<String> unrouted = new TreeSet<>(documented);
    unrouted.removeAll(routed);
    assertEquals(new TreeSet<>(), undocumented, "routes the document does not describe");
    assertEquals(new TreeSet<>(), unrouted, "operations the router does not serve");
  }

  /**
   * The README's route table names the same operations as the document, by the same paths: a newcomer who
   * reads one and calls the other finds what was promised.
   */
  @Test
  void theReadmesRouteTableAndTheDocumentNameTheSameOperations() throws Exception {
    java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^` ?]*)[^`]*` \\|",
        java.util.regex.Pattern.MULTILINE);
    SortedSet<String> inReadme = new TreeSet<>();
    var m = row.matcher(Files.readString(Path.of("README.md")));
    while (m.find()) inReadme.add(m.group(1) + " " + m.group(2).replace("\\", ""));
    SortedSet<String> documented = new TreeSet<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames()
        .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
    SortedSet<String> unknown = new TreeSet<>(inReadme);
    unknown.removeAll(documented);
    assertEquals(new TreeSet<>(), unknown, "README routes the document does not have (by these paths)");
    SortedSet<String> unlisted = new TreeSet<>(documented);
    unlisted.removeAll(inReadme);
    assertEquals(new TreeSet<>(), unlisted, "operations the README's route table leaves out");
  }

  @Test
  void everyProblemCodeTheDocumentNamesExists() throws Exception {
    StringBuilder sources = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) sources.append(Files.readString(f));
    }
    List<String> unknown = new ArrayList<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      for (Object code : ((JsonObject) op.getValue()).getJsonArray("x-problem-codes")) {
        if (!sources.toString().contains("\"" + code + "\"")) unknown.add(path.getKey() + " " + code);
      }
    }));
    assertEquals(List.of(), unknown);
  }

  @Test
  void liveAnswersValidateAgainstTheDocument() throws Exception {
    String admin = server.adminToken();
    check("login", server.post("/api/v1/auth/token", null, new JsonObject().put("username", "admin")
        .put("password", TestServer.ADMIN_PASSWORD)));
    Fixtures.registry(server, admin, AREA + ",สพป.สัญญา,สพป.,ตาก," + SCHOOL + ",โรงเรียนสัญญา");
    Fixtures.user(server, admin, "staff.oa", "school_staff", "schoolCode", SCHOOL);
    String staff = server.login("staff.oa", Fixtures.PASSWORD);
    byte[] roll = Workbooks.xlsx(
        new Object[] {"citizen_id", "student_number", "prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room"},
        new Object[] {Ids.citizen(900), "1", "เด็กชาย", "ก", "ข", "ช", "01/06/2559", "ป.1", "1"});

    check("health", server.get("/health", null));
    check("ready", server.get("/ready", null));
    check("calendar", server.get("/api/v1/calendar", null));
    check("listUsers", server.get("/api/v1/users", admin));
    check("listUsers", server.get("/api/v1/users", null));
    check("listAreas", server.get("/api/v1/areas", admin));
    check("areaSchools", server.get("/api/v1/areas/" + AREA + "/schools", admin));
    check("areaSchools", server.get("/api/v1/areas/9999/schools", admin));
    check("school", server.get("/api/v1/schools/" + SCHOOL, staff));
    check("upload", server.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=students&dryRun=true", staff, roll));
    check("upload", server.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=nonsense", staff, roll));
    check("students", server.get("/api/v1/schools/" + SCHOOL + "/students", staff));
    check("existenceSummary", server.get("/api/v1/schools/" + SCHOOL + "/existence", staff));
    check("progress", server.get("/api/v1/areas/" + AREA + "/progress", admin));
    check("duplicates", server.get("/api/v1/areas/" + AREA + "/duplicates", admin));
    check("audit", server.get("/api/v1/audit", admin));
    check("buildingProgress", server.get("/api/v1/areas/" + AREA + "/buildings/progress", admin));
  }

  @Test
  void anAnswerThatStrayedFromTheDocumentWouldBeCaught() {
    var strayed = ValidatableResponse.create(200, Buffer.buffer("{\"year\":2566}"), "application/json");
    var result = validator.validate(strayed, "calendar");
    try {
      result.await(10, TimeUnit.SECONDS);
    } catch (Exception expected) {
      return;
    }
    throw new AssertionError("a calendar without its fields passed validation");
  }

  /**
   * vertx-openapi validates JSON, text and octet streams only: the document's problem+json becomes JSON
   * (the schema checked is the same) and the workbooks and ZIP files become octet streams.
   */
  private static JsonObject validatable(JsonObject doc) {
    doc.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      JsonObject operation = (JsonObject) op.getValue();
      List<JsonObject> contents = new ArrayList<>();
      operation.getJsonObject("responses").forEach(r -> contents.add(((JsonObject) r.getValue()).getJsonObject("content")));
      if (operation.containsKey("requestBody")) contents.add(operation.getJsonObject("requestBody").getJsonObject("content"));
      for (JsonObject content : contents) {
        if (content == null) continue;
        for (String media : new ArrayList<>(content.fieldNames())) {
          String supported = mediaType(media);
          if (!supported.equals(media)) content.put(supported, content.remove(media));
        }
      }
    }));
    return doc;
  }

  private static String mediaType(String media) {
    if (media.equals("application/problem+json")) return "application/json";
    if (media.startsWith("application/vnd.") || media.equals("application/zip")) return "application/octet-stream";
    return media;
  }

  /** Validates one live answer against the document's response for that operation and status. */
  private static void check(String operationId, HttpResponse<Buffer> r) {
    String type = r.getHeader("Content-Type");
    String mediaType = type == null ? null : mediaType(type.split(";")[0].trim());
    try {
      validator.validate(ValidatableResponse.create(r.statusCode(), r.body(), mediaType), operationId)
          .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(operationId + " " + r.statusCode() + " does not match the document: " + e.getMessage()
          + "\n" + r.bodyAsString(), e);
    }
    assertTrue(r.statusCode() > 0);
  }
}
