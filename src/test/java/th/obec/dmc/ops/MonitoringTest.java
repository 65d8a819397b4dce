package th.obec.dmc.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ops see on 10 November must be true and there when they open it: every metric the dashboard and the
 * alert rules query is exported by the real server after a little traffic through every feature.
 */
@ExtendWith(VertxExtension.class)
class MonitoringTest {
  private static final Path MONITORING = Path.of("monitoring");
  /** Prometheus makes {@code up} itself from each scrape; no target exports it. */
  private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
  private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
      "irate", "histogram_quantile", "by", "without", "and", "or", "unless", "on", "ignoring", "group_left",
      "group_right", "bool", "offset", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "vector", "time", "le");
  private static final String SCHOOL = "1070010001";

  private static TestServer server;
  private static String scrape;

  @BeforeAll
  static void traffic(Vertx vertx) throws Exception {
    server = TestServer.start(vertx, MonitoringTest.class, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"));
    String admin = server.adminToken();
    Fixtures.registry(server, admin, "7001,สพป.ตรัง,สพป.,ตรัง," + SCHOOL + ",โรงเรียนตรัง");
    Fixtures.user(server, admin, "staff.m", "school_staff", "schoolCode", SCHOOL);
    Fixtures.user(server, admin, "director.m", "school_director", "schoolCode", SCHOOL);
    String staff = server.login("staff.m", Fixtures.PASSWORD);
    byte[] roll = Workbooks.xlsx(
        new Object[] {"citizen_id", "student_number", "prefix", "first_name", "last_name", "sex", "birth_date", "grade", "room"},
        new Object[] {Ids.citizen(700), "1", "เด็กชาย", "ก", "ข", "ช", "01/06/2559", "ป.1", "1"});
    assertEquals(201, server.postBytes("/api/v1/schools/" + SCHOOL + "/uploads?kind=students", staff, roll).statusCode());
    assertEquals(200, server.post("/api/v1/schools/" + SCHOOL + "/existence", staff, new JsonObject().put("all", true)).statusCode());
    String director = server.login("director.m", Fixtures.PASSWORD);
    assertEquals(200, server.post("/api/v1/schools/" + SCHOOL + "/certification", director, null).statusCode());
    server.get("/api/v1/areas/7001/progress", admin);
    server.get("/api/v1/calendar", null);
    try (java.net.Socket socket = new java.net.Socket("localhost", server.port())) {
      socket.getOutputStream().write("BREW /api/v1/calendar HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getInputStream().readAllBytes();
    }
    scrape = server.get("/metrics", null).bodyAsString();
  }

  @AfterAll
  static void tearDown() throws Exception {
    server.close();
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(MONITORING.resolve("grafana/dashboards/dmc-10-nov.json")));
    List<String> exprs = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      for (Object t : ((JsonObject) p).getJsonArray("targets")) exprs.add(((JsonObject) t).getString("expr"));
    }
    assertTrue(exprs.size() >= 10, "the dashboard has its panels");
    assertExported(exprs);
  }

  @Test
  void everyMetricTheAlertRulesQueryIsExported() throws Exception {
    List<String> exprs = alertExpressions(Files.readAllLines(MONITORING.resolve("alerts.yml")));
    assertEquals(11, exprs.size(), exprs.toString());
    assertExported(exprs);
  }

  @Test
  void everyPanelUsesTheProvisionedDatasource() throws Exception {
    String provisioning = Files.readString(MONITORING.resolve("grafana/provisioning/datasources/prometheus.yml"));
    Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)\\s*$").matcher(provisioning);
    assertTrue(uid.find(), "the datasource has a fixed uid");
    String dashboardText = Files.readString(MONITORING.resolve("grafana/dashboards/dmc-10-nov.json"));
    assertFalse(dashboardText.contains("${DS_"), "no import placeholders");
    JsonObject dashboard = new JsonObject(dashboardText);
    assertEquals("DMC 10 พ.ย.", dashboard.getString("title"));
    for (Object p : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      assertEquals(uid.group(1), panel.getJsonObject("datasource").getString("uid"), panel.getString("title"));
      for (Object t : panel.getJsonArray("targets")) {
        assertEquals(uid.group(1), ((JsonObject) t).getJsonObject("datasource").getString("uid"), panel.getString("title"));
      }
    }
  }

  @Test
  void countersWithKnownLabelsReadZeroBeforeTheirFirstEvent() {
    // No building upload and no shedding happened in this test: they still read 0, not "No data".
    assertTrue(Pattern.compile("(?m)^dmc_uploads_total\\{[^}]*kind=\"buildings\"[^}]*outcome=\"failed\"[^}]*} 0\\.0$")
        .matcher(scrape).find(), "uploads by kind and outcome at zero");
    for (String reason : new String[] {"in_flight", "database_queue", "sheets_queue", "hash_queue"}) {
      assertTrue(Pattern.compile("(?m)^dmc_requests_shed_total\\{[^}]*reason=\"" + reason + "\"[^}]*} 0\\.0$")
          .matcher(scrape).find(), "shedding by " + reason + " at zero");
    }
  }

  @Test
  void anUnknownMethodIsOneLabelValueNotANewSeries() {
    assertFalse(scrape.contains("method=\"BREW\""), "no label value per invented method");
    assertTrue(scrape.contains("method=\"OTHER\""), "invented methods are counted as OTHER");
  }

  @Test
  void httpSeriesCarryTheRouteTemplateNotTheRawPath() {
    assertTrue(scrape.contains("route=\"/api/v1/schools/:schoolCode/existence\""), "route template label");
    assertFalse(scrape.contains("/api/v1/schools/" + SCHOOL + "/existence\""), "no raw paths in labels");
    assertTrue(scrape.contains("pool_name=\"dmc-db\""), "the PostgreSQL pool is named");
    assertTrue(scrape.contains("dmc_uploads_total{application=\"dmc-gateway\""), "uploads counted");
    assertTrue(Pattern.compile("dmc_schools\\{[^}]*state=\"certified\"").matcher(scrape).find(), "schools by state");
    assertTrue(Pattern.compile("(?m)^dmc_certifications_total\\{[^}]*} 1\\.0$").matcher(scrape).find(), "one certification");
    assertTrue(Pattern.compile("(?m)^dmc_phase_open\\{[^}]*phase=\"DMC_CONFIRM\"[^}]*} 1\\.0$").matcher(scrape).find(),
        "the confirm phase is open at 09:00 on 10 Nov");
  }

  @Test
  void metricsCanMoveToAManagementPort(Vertx vertx) throws Exception {
    try (TestServer separate = TestServer.start(vertx, server.db, server.dataDir, Map.of("DMC_METRICS_PORT", "0"))) {
      int management = separate.app().metricsPort().orElseThrow();
      var metrics = io.vertx.ext.web.client.WebClient.create(vertx).get(management, "localhost", "/metrics").send()
          .await(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.bodyAsString().contains("dmc_phase_open"));
      assertEquals(404, separate.get("/metrics", null).statusCode(), "not on the public port");
      assertEquals(200, separate.get("/health", null).statusCode());
    }
  }

  private static void assertExported(List<String> exprs) {
    Set<String> missing = new TreeSet<>();
    for (String expr : exprs) {
      for (String name : metricNames(expr)) {
        if (!MADE_BY_PROMETHEUS.contains(name) && !Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape).find()) {
          missing.add(name);
        }
      }
    }
    assertTrue(missing.isEmpty(), "queried but not exported: " + missing);
  }

  /** Metric names in a PromQL expression: label matchers, strings, grouping lists, ranges and functions removed. */
  static Set<String> metricNames(String expr) {
    String e = expr.replaceAll("\"[^\"]*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(e);
    while (m.find()) {
      String word = m.group();
      if (!PROMQL_WORDS.contains(word)) names.add(word);
    }
    return names;
  }

  /** The {@code expr:} of each rule, inline or as a {@code |} block. */
  static List<String> alertExpressions(List<String> lines) {
    List<String> exprs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.indexOf("expr:");
      if (at < 0) continue;
      String rest = line.substring(at + 5).trim();
      if (!rest.equals("|")) {
        exprs.add(rest);
        continue;
      }
      int indent = line.indexOf("expr:") + 2;
      StringBuilder block = new StringBuilder();
      while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || lines.get(i + 1).indexOf(lines.get(i + 1).trim()) >= indent)) {
        block.append(lines.get(++i).trim()).append(' ');
      }
      exprs.add(block.toString().trim());
    }
    return exprs;
  }

  @Test
  void theExpressionReaderFindsNamesAndOnlyNames() {
    assertEquals(Set.of("vertx_http_server_requests_total"),
        metricNames("sum by (route, code) (rate(vertx_http_server_requests_total{code=~\"5..\"}[1m]))"));
    assertEquals(Set.of("a_total", "b"), metricNames("sum(increase(a_total[30m])) < 10 and max(b{x=\"y\"}) == 1"));
  }
}
