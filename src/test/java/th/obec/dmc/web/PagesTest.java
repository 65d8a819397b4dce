package th.obec.dmc.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;
import th.obec.dmc.support.Workbooks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages in a real browser (Debian's chromium, headless, at 360 px wide) against real servers on a
 * drill clock: a school's whole 10 November from the first login to OBEC's close, a busy server met and
 * recovered from, and no page wider than a phone. Each page is saved under target/screenshots/.
 */
// The day's close comes last: the other tests need the round open on the shared database.
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PagesTest {
  private static final String AREA = "5001";
  private static final String SCHOOL = "1050010001";
  private static final Path SHOTS = Path.of("target", "screenshots");

  private static TestServer tenth;
  private static TestServer eleventh;
  private static ChromeDriver browser;
  private static WebDriverWait wait;
  private static Path downloads;

  @BeforeAll
  static void setUp(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(PagesTest.class);
    Path data = ClassResources.folder(PagesTest.class, "dmc-data");
    // Two servers on one database and one key: 10 November 09:00, and 11 November for the area and OBEC.
    // A short first lock, so that a page retrying a refused login after Retry-After would be seen doing it.
    tenth = TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00",
        "DMC_LOGIN_FIRST_LOCK_SECONDS", String.valueOf(LOCK_SECONDS)));
    eleventh = TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", "2023-11-11T10:00:00+07:00"));
    String admin = tenth.adminToken();
    Fixtures.registry(tenth, admin, AREA + ",สพป.ทดสอบ เขต 1,สพป.,ตาก," + SCHOOL + ",โรงเรียนบ้านทดสอบ");
    // The staff account keeps its initial password: the browser makes the first login's change.
    assertEquals(201, tenth.post("/api/v1/users", admin, new JsonObject().put("username", "staff.web")
        .put("password", Fixtures.INITIAL_PASSWORD).put("role", "school_staff").put("schoolCode", SCHOOL)).statusCode());
    Fixtures.user(tenth, admin, "director.web", "school_director", "schoolCode", SCHOOL);
    Fixtures.user(tenth, admin, "area.web", "area_staff", "areaCode", AREA);

    Files.createDirectories(SHOTS);
    downloads = Files.createTempDirectory("dmc-downloads");
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--user-data-dir=" + Files.createTempDirectory("dmc-chromium"), "--window-size=360,800");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .build(), options);
    browser.manage().window().setSize(new Dimension(360, 800));
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // The pages redraw what they show after each answer: an element found a moment ago may be gone.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (browser != null) browser.quit();
    if (eleventh != null) eleventh.close();
    if (tenth != null) tenth.close();
  }

  @Test
  @Order(6)
  void aSchoolsDayFromFirstLoginToOBECsClose() throws Exception {
    String base = "http://localhost:" + tenth.port();

    // 1. School staff log in, by keyboard alone, and must change the initial password first.
    browser.get(base + "/#/login");
    page("01-login");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("staff.web");
    new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB)
        .sendKeys(Fixtures.INITIAL_PASSWORD).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
    page("02-password-change");
    // The page asks for the length the server's rule says, read from the server (not a copy of its own).
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("password-rule"), "8"));
    assertEquals("8", browser.findElement(By.id("new-password")).getDomProperty("minLength"));
    browser.findElement(By.id("current-password")).sendKeys(Fixtures.INITIAL_PASSWORD);
    browser.findElement(By.id("new-password")).sendKeys("staff-web-password-2");
    browser.findElement(By.id("change-password")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".countdown")));
    wait.until(ExpectedConditions.textMatches(By.id("actions"), java.util.regex.Pattern.compile("confirm_existence — เปิด")));
    page("03-home-staff");
    // Issue 22: on 10 November school staff have two phases open, and each countdown ticks (one timer each).
    var clocks = browser.findElements(By.cssSelector(".countdown"));
    assertTrue(clocks.size() >= 2, "two phases open for school staff: " + clocks.size());
    List<String> clocksBefore = clocks.stream().map(org.openqa.selenium.WebElement::getText).toList();
    Thread.sleep(2200);
    List<String> clocksAfter = browser.findElements(By.cssSelector(".countdown")).stream()
        .map(org.openqa.selenium.WebElement::getText).toList();
    for (int i = 0; i < clocksBefore.size(); i++) {
      assertNotEquals(clocksBefore.get(i), clocksAfter.get(i), "countdown " + i + " is frozen");
    }
    // Issue 22: a reload keeps the user on the same page (the session cookie), with no second login.
    go(base, "#/templates");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//button[normalize-space()='students.xlsx']")));
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//button[normalize-space()='students.xlsx']")));
    assertTrue(browser.getCurrentUrl().endsWith("#/templates"), browser.getCurrentUrl());
    assertTrue(browser.findElements(By.id("username")).isEmpty(), "no login form after a reload");
    var cookie = browser.manage().getCookieNamed("dmc_session");
    assertTrue(cookie != null && cookie.isHttpOnly(), "an HttpOnly session cookie");
    assertEquals(Boolean.FALSE, ((JavascriptExecutor) browser).executeScript("return document.cookie.includes('dmc_session')"),
        "the page's script cannot read the session");

    // 2. A workbook with an error: seen with its Excel row; the errors workbook downloaded; the fixed file sent.
    Object[] header = {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เพศ", "วันเดือนปีเกิด", "ชั้น", "ห้อง"};
    Path bad = Files.write(Files.createTempFile("students-bad", ".xlsx"), Workbooks.xlsx(header,
        student(1, "ป.6", "1"), student(2, "ป.99", "1"), student(3, "ป.6", "2")));
    Path good = Files.write(Files.createTempFile("students-good", ".xlsx"), Workbooks.xlsx(header,
        student(1, "ป.6", "1"), student(2, "ป.6", "1"), student(3, "ป.6", "2")));
    go(base, "#/upload");
    browser.findElement(By.id("file")).sendKeys(bad.toAbsolutePath().toString());
    browser.findElement(By.id("dry-run")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "UNKNOWN_CODE"));
    assertTrue(text("upload-result").contains("3"), "the Excel row of the bad grade: " + text("upload-result"));
    page("04-upload-errors");
    long before = downloaded();
    clickButton("ดาวน์โหลดไฟล์แสดงข้อผิดพลาด");
    awaitDownload(before);
    browser.findElement(By.id("file")).clear();
    browser.findElement(By.id("file")).sendKeys(good.toAbsolutePath().toString());
    // Sent by keyboard alone: Tab to the button, Enter.
    keyboardTo(browser.findElement(By.id("send")));
    new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-result"), "committed"));
    page("05-upload-committed");

    go(base, "#/roll");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "(3)"));
    page("06-roll");

    // 3. 10 November: the first room confirmed; what remains shown live.
    go(base, "#/existence");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.room"), 2));
    page("07-existence");
    WebElement first = browser.findElements(By.cssSelector("section.room")).get(0);
    // By keyboard alone (issue 22): Tab to the room's button, Enter.
    keyboardTo(first.findElement(By.cssSelector("div > button")));
    new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(d -> first.getText().contains("เรียบร้อย"));
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#remaining strong"), "1"));
    logout();

    // The director is refused while a room is unanswered, and the refusal names the room.
    signIn(base, "director.web", Fixtures.PASSWORD, "#/director");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("certify"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "UNANSWERED_STUDENTS"));
    assertTrue(text("view").contains("ชั้น ป.6 ห้อง 2"), text("view"));
    page("08-director-refused");
    logout();

    // The last student is answered not present, with a reason; nothing remains.
    signIn(base, "staff.web", "staff-web-password-2", "#/existence");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.room"), 2));
    WebElement second = browser.findElements(By.cssSelector("section.room")).get(1);
    // By keyboard alone: open the room (its students load), choose the reason, mark the student.
    var keys = new org.openqa.selenium.interactions.Actions(browser);
    keyboardTo(second.findElement(By.tagName("summary")));
    keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(second, By.cssSelector("select[id^='why-']")));
    WebElement why = second.findElement(By.cssSelector("select[id^='why-']"));
    keyboardTo(why);
    keys.sendKeys(org.openqa.selenium.Keys.DOWN).perform();
    assertEquals("long_absence", why.getDomProperty("value"));
    keyboardTo(second.findElement(By.cssSelector("details button")));
    keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("#remaining strong"), "0"));
    assertTrue(text("summary").contains("1"), text("summary"));
    page("09-existence-done");
    logout();

    // 4. The director certifies; the area reopens it with a reason; the director certifies again.
    signIn(base, "director.web", Fixtures.PASSWORD, "#/director");
    keyboardTo(wait.until(ExpectedConditions.elementToBeClickable(By.id("certify"))));
    new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(ExpectedConditions.attributeToBe(By.id("certified-state"), "class", "ok"));
    assertTrue(text("view").contains("โรงเรียนบ้านทดสอบ (" + SCHOOL + ")"), "the director sees the school by name");
    // Issue 34: the time a person reads is Bangkok's, in the Buddhist era ("10 พ.ย. 2566 09:14 น."), never raw ISO.
    assertTrue(text("certified-state").matches("(?s).*\\d{1,2} พ\\.ย\\. 2566 \\d{2}:\\d{2} น\\..*"), text("certified-state"));
    // Issue 34: the DMC summary by grade, room and sex, as the report workbook has it.
    assertTrue(text("rooms-summary").contains("ชาย") && text("rooms-summary").contains("ห้อง"), text("rooms-summary"));
    page("10-director-certified");
    certificatePrintsToPdf(base);
    logout();
    signIn(base, "area.web", Fixtures.PASSWORD, "#/area");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reopen-school"))).sendKeys(SCHOOL);
    browser.findElement(By.id("reopen-reason")).sendKeys("ผู้อำนวยการขอแก้ไขจำนวนนักเรียน");
    clickButton("เปิดให้โรงเรียนแก้ไข");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "เรียบร้อย"));
    assertEquals(0, TestDatabase.count(tenth.db, "SELECT count(*) FROM certification"));
    logout();
    signIn(base, "director.web", Fixtures.PASSWORD, "#/director");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("certify"))).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("certified-state"), "class", "ok"));
    logout();

    // 5. The area office sees the school certified and downloads its workbook.
    signIn(base, "area.web", Fixtures.PASSWORD, "#/area");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-school='" + SCHOOL + "']"), "รับรองแล้ว"));
    page("11-area-progress");
    // Names beside codes (issue 22): the area knows its schools by name.
    assertTrue(text("progress").contains("โรงเรียนบ้านทดสอบ (" + SCHOOL + ")"), text("progress"));
    assertTrue(text("building-progress").contains("โรงเรียนบ้านทดสอบ (" + SCHOOL + ")"), text("building-progress"));
    before = downloaded();
    clickButton("ดาวน์โหลดรายงานของ สพท.");
    awaitDownload(before);
    logout();

    // 6. 11 November: the area acknowledges.
    String next = "http://localhost:" + eleventh.port();
    browser.get(next + "/#/login");
    signIn(next, "area.web", Fixtures.PASSWORD, "#/area");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("acknowledge"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "เรียบร้อย"));
    page("12-area-acknowledged");

    // Issue 22, flows driven in the browser: accounts from a workbook (up, and the issued passwords down)...
    Path bulk = Files.writeString(Files.createTempFile("accounts", ".csv"),
        "username,role,school_code,area_code\nbulk.web1,school_staff," + SCHOOL + ",\n");
    browser.findElement(By.id("accounts-file")).sendKeys(bulk.toString());
    before = downloaded();
    browser.findElement(By.id("accounts-file")).findElement(By.xpath("following-sibling::div//button")).click();
    awaitDownload(before);
    // ...a new initial password, shown once (the page is drawn again to list the new account)...
    go(next, "#/home");
    go(next, "#/area");
    WebElement account = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//table[@id='accounts']//tr[td[normalize-space()='bulk.web1']]")));
    account.findElement(By.xpath(".//button[normalize-space()='ตั้งรหัสผ่านใหม่']")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(account, "รหัสผ่านเริ่มต้น"));
    String initial = account.getText().replaceAll("(?s).*รหัสผ่านเริ่มต้น \\(แสดงครั้งเดียว\\): (\\S+).*", "$1");
    String otherSession = sessionCookie(eleventh, "bulk.web1", initial);
    assertEquals(403, withCookie(eleventh, "/api/v1/schools/" + SCHOOL + "/existence", otherSession),
        "the new initial password works, and must be changed first");
    // ...and a disable, after which that account's session is refused at its next request.
    account.findElement(By.xpath(".//button[normalize-space()='ระงับบัญชี']")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(account, "เรียบร้อย"));
    assertEquals(401, withCookie(eleventh, "/api/v1/auth/session", otherSession));
    page("12b-area-accounts");
    logout();

    // 7. OBEC closes the round.
    signIn(next, "admin", TestServer.ADMIN_PASSWORD, "#/obec");
    // The shipped subsidy rates are an example: the page says so where the subsidy is offered.
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rates-note"), "อัตราตัวอย่าง ไม่ใช่อัตราที่ประกาศ"));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("close-round"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "เรียบร้อย"));
    page("13-obec-closed");
    assertEquals(1, TestDatabase.count(tenth.db, "SELECT count(*) FROM round_closure"));
    // The Exchange file of the closed round, downloaded.
    long zips = downloaded(".zip");
    clickButton("ไฟล์ Exchange");
    wait.until(d -> downloaded(".zip") > zips);
    // A registry import: the answer is shown.
    Path registry = Files.writeString(Files.createTempFile("schools", ".csv"),
        "area_code,area_name,area_kind,province,school_code,school_name\n" + AREA + ",สพป.ทดสอบ เขต 1,สพป.,ตาก,1050010099,โรงเรียนใหม่\n");
    browser.findElement(By.id("registry-file")).sendKeys(registry.toString());
    browser.findElement(By.id("registry-file")).findElement(By.xpath("following-sibling::div//button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "\"created\":1"));
    // The audit search finds the school's day.
    browser.findElement(By.id("audit-school")).sendKeys(SCHOOL);
    clickButton("ค้นหา");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-out"), "existence.answered"));
    page("13b-obec-flows");

    // The English switch shows the same page in English.
    browser.findElement(By.id("lang")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Close this round"));
    page("14-obec-english");
  }

  /** A proxy answers the calendar with 503 once: the page says the system is busy, waits and recovers. */
  @Test
  @Order(3)
  void aBusyServerIsWaitedOutAndTheClickIsNotLost(Vertx vertx) throws Exception {
    AtomicInteger calendarCalls = new AtomicInteger();
    HttpClient client = vertx.createHttpClient();
    HttpServer proxy = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      if (req.path().equals("/api/v1/calendar") && calendarCalls.incrementAndGet() == 1) {
        req.response().setStatusCode(503).putHeader("Retry-After", "2").putHeader("Content-Type", "application/problem+json")
            .end(new JsonObject().put("code", "SERVER_BUSY").put("detail", "busy").put("detailTh", "ระบบมีผู้ใช้งานมาก").encode());
        return;
      }
      client.request(req.method(), tenth.port(), "localhost", req.uri())
          .compose(out -> {
            // This proxy sends its own Host, so the page's Origin (the proxy's) would name another site: it is
            // dropped, as the login's cross-site guard is not what this test is about.
            req.headers().forEach((k, v) -> {
              if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("origin")) out.putHeader(k, v);
            });
            return out.send(body);
          })
          .compose(res -> res.body().map(b -> {
            req.response().setStatusCode(res.statusCode());
            res.headers().forEach((k, v) -> {
              if (!k.equalsIgnoreCase("transfer-encoding")) req.response().putHeader(k, v);
            });
            req.response().end(b);
            return (Void) null;
          }))
          .onFailure(e -> req.response().setStatusCode(502).end());
    })).listen(0).await(10, TimeUnit.SECONDS);
    try {
      browser.get("http://localhost:" + proxy.actualPort() + "/#/login");
      login("director.web", Fixtures.PASSWORD);
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("busy")));
      assertTrue(text("busy").contains("ระบบมีผู้ใช้งานมาก"), text("busy"));
      page("15-busy");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("actions")));
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("busy")));
      page("16-busy-recovered");
      assertEquals(2, calendarCalls.get(), "one refused, then the same request once more");
      logout();
    } finally {
      proxy.close().await(10, TimeUnit.SECONDS);
      client.close();
    }
  }

  /**
   * Issue 22: the biggest school, 4,500 students in 40 rooms. Its existence page (rooms first), opening another
   * room, and its roll page each reach their first full paint within a second in headless Chromium here, read
   * from the page's own Performance API entries.
   */
  @Test
  @Order(1)
  void theBiggestSchoolsPagesPaintWithinASecond() throws Exception {
    String admin = tenth.adminToken();
    String big = "1063999001";
    Fixtures.registry(tenth, admin, AREA + ",สพป.ทดสอบ เขต 1,สพป.,ตาก," + big + ",โรงเรียนใหญ่ที่สุด");
    Fixtures.user(tenth, admin, "staff.big", "school_staff", "schoolCode", big);
    Object[][] rows = new Object[4_501][];
    rows[0] = new Object[] {"เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เพศ", "วันเดือนปีเกิด", "ชั้น", "ห้อง"};
    for (int i = 1; i <= 4_500; i++) {
      int room = (i - 1) % 40;
      rows[i] = new Object[] {Ids.citizen(600_000 + i), String.valueOf(10_000 + i), "เด็กหญิง", "ใหญ่" + i, "สกุล" + i, "ญ",
          "13/05/2556", "ป." + (room / 8 + 1), String.valueOf(room % 8 + 1)};
    }
    String staff = tenth.login("staff.big", Fixtures.PASSWORD);
    var uploaded = tenth.postBytes("/api/v1/schools/" + big + "/uploads?kind=students", staff, Workbooks.xlsx(rows));
    assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());

    String base = "http://localhost:" + tenth.port();
    browser.get(base + "/#/login");
    signIn(base, "staff.big", Fixtures.PASSWORD, "#/existence");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("section.room"), 40));
    double existence = measured("route #/existence");
    page("18-existence-biggest-school");
    WebElement room = browser.findElements(By.cssSelector("section.room")).get(17);
    room.findElement(By.tagName("summary")).click();
    wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(room, By.cssSelector("select[id^='who-']")));
    double roomSwitch = measured("room ป.3-2");
    // The search finds one student of the 4,500 by the start of a name.
    WebElement query = browser.findElement(By.id("existence-search"));
    query.sendKeys("ใหญ่4321");
    browser.findElement(By.id("search-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-results"), Ids.citizen(604_321)));
    go(base, "#/roll");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("roll-status"), "/ 4500"));
    double roll = measured("route #/roll");
    System.out.printf("biggest school: existence %.0f ms, room %.0f ms, roll %.0f ms%n", existence, roomSwitch, roll);
    assertTrue(existence <= 1000, "existence page " + existence + " ms");
    assertTrue(roomSwitch <= 1000, "room switch " + roomSwitch + " ms");
    assertTrue(roll <= 1000, "roll page " + roll + " ms");
    logout();
  }

  /** Presses Tab until this element has the focus, as a keyboard user would reach it (at most 80 presses). */
  private static void keyboardTo(WebElement target) {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    for (int i = 0; i < 80; i++) {
      if (Boolean.TRUE.equals(js.executeScript("return document.activeElement === arguments[0];", target))) return;
      new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
    }
    throw new AssertionError("not reachable by Tab: " + target.getTagName() + " " + target.getText());
  }

  /** The latest Performance API measure of this name, in milliseconds. */
  private static double measured(String name) {
    Object ms = ((JavascriptExecutor) browser).executeScript(
        "const e = performance.getEntriesByName(arguments[0]); return e.length ? e[e.length - 1].duration : -1;", name);
    double value = ((Number) ms).doubleValue();
    assertTrue(value >= 0, "no measure named " + name);
    return value;
  }

  /**
   * Issue 22: the charts with a day's data. A small country is seeded, drilled through 10 November, and then
   * looked at: OBEC's bar per area and national line, and an area's schools by state and its line.
   */
  @Test
  @Order(5)
  void theChartsShowASeededDayAfterADrill(Vertx vertx) throws Exception {
    Path data = ClassResources.folder(PagesTest.class, "dmc-charts");
    DatabaseUrl db = TestDatabase.fresh(PagesTest.class);
    th.obec.dmc.db.Migrations.migrate(db);
    var seeded = th.obec.dmc.seed.SeedCommand.run(th.obec.dmc.seed.SeedCommand.Options.parse(List.of("--areas", "2",
        "--schools", "8", "--students", "800", "--seed", "11", "--drill-logins"), data), db,
        th.obec.dmc.calendar.CalendarLoader.load(java.util.Optional.empty()));
    try (TestServer day = TestServer.start(vertx, db, data, Map.of("DMC_CLOCK", "2023-11-10T09:00:00+07:00"))) {
      var console = System.out;
      var printed = new java.io.ByteArrayOutputStream();
      int exit;
      System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        exit = th.obec.dmc.drill.DrillCommand.run(List.of("--target", "http://localhost:" + day.port(), "--concurrency", "4",
            "--accounts", seeded.accountsFile().toString()), data);
      } finally {
        System.setOut(console);
      }
      assertEquals(0, exit, printed.toString(java.nio.charset.StandardCharsets.UTF_8));

      String base = "http://localhost:" + day.port();
      browser.get(base + "/#/login");
      signIn(base, "admin", TestServer.ADMIN_PASSWORD, "#/obec");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("areas-behind")));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("national-timeline")));
      assertEquals(2, browser.findElements(By.cssSelector("#areas-behind rect.seg-certified")).size());
      page("19-obec-charts");
      logout();

      String areaAccount = Files.readAllLines(seeded.accountsFile()).stream().filter(l -> l.startsWith("area."))
          .findFirst().orElseThrow();
      String[] fields = areaAccount.split(",");
      signIn(base, fields[0], fields[1], "#/area");
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("schools-by-state")));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("answers-timeline")));
      // Every school certified after the drill: the bar is all green, and its table says so.
      String table = (String) ((JavascriptExecutor) browser).executeScript(
          "return document.querySelector('#schools-by-state table').textContent;");
      assertTrue(table.contains("รับรองแล้ว") && !table.matches("(?s).*รับรองแล้ว0.*"), table);
      page("20-area-charts");
      logout();
    }
  }

  /**
   * Issue 22: the session against another site and across tabs. A form on another site posting to the API while
   * the user is logged in changes nothing; a logout in one tab logs the other out at its next request.
   */
  @Test
  @Order(4)
  void anotherSitesFormIsRefusedAndALogoutEndsEveryTab(Vertx vertx) throws Exception {
    String base = "http://localhost:" + tenth.port();
    browser.get(base + "/#/login");
    signIn(base, "area.web", Fixtures.PASSWORD, "#/area");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("progress")));
    String home = browser.getWindowHandle();

    // Another site (another host name, so another site for the browser) with a form that posts to the API.
    String target = base + "/api/v1/schools/" + SCHOOL + "/certification/reopening";
    String evil = "<!doctype html><html lang=\"en\"><body><form id=\"f\" method=\"post\" enctype=\"text/plain\" action=\""
        + target + "\"><input name='{\"reason\":\"x' value='\"}'></form><script>document.getElementById('f').submit()</script></body></html>";
    HttpServer site = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").end(evil)).listen(0).await(10, TimeUnit.SECONDS);
    long reopenings = TestDatabase.count(tenth.db, "SELECT count(*) FROM audit_event WHERE action LIKE '%reopen%'");
    try {
      browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
      browser.get("http://127.0.0.1:" + site.actualPort() + "/");
      wait.until(d -> d.getCurrentUrl().startsWith(base));
      String answer = browser.findElement(By.tagName("body")).getText();
      assertTrue(answer.contains("401") || answer.contains("403"), answer);
      assertEquals(reopenings, TestDatabase.count(tenth.db, "SELECT count(*) FROM audit_event WHERE action LIKE '%reopen%'"),
          "the other site's post changed nothing");
      browser.close();
    } finally {
      site.close().await(10, TimeUnit.SECONDS);
    }

    // Two tabs of the pages: a logout in the first, and the second is back at the login at its next request.
    browser.switchTo().window(home);
    browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    String second = browser.getWindowHandle();
    browser.get(base + "/#/area");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("progress")));
    browser.switchTo().window(home);
    logout();
    browser.switchTo().window(second);
    go(base, "#/home");
    go(base, "#/area");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    browser.close();
    browser.switchTo().window(home);
  }

  private static final int LOCK_SECONDS = 3;

  /**
   * Issue 19 item 3: a 429 on the login form is shown with its wait, and the page sends nothing more: an
   * automatic retry would re-send the same wrong password each time the lock ends.
   */
  @Test
  @Order(2)
  void aRefusedLoginShowsTheWaitAndIsNeverRetriedByThePage() throws Exception {
    String admin = tenth.adminToken();
    Fixtures.user(tenth, admin, "locked.web", "school_staff", "schoolCode", SCHOOL);
    String failures = "SELECT coalesce(sum(failures), 0) FROM login_failure WHERE key LIKE 'pair:locked.web|%'";
    // Five wrong passwords from the browser: the fifth brings the lock on this account from this address.
    browser.get("http://localhost:" + tenth.port() + "/#/login");
    for (int i = 1; i <= 5; i++) {
      var user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
      user.clear();
      user.sendKeys("locked.web");
      var pass = browser.findElement(By.id("password"));
      pass.clear();
      pass.sendKeys("wrong-password-" + i);
      browser.findElement(By.id("login-button")).click();
      long expected = i;
      wait.until(d -> TestDatabase.count(tenth.db, failures) == expected);
    }
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".problem"), "TOO_MANY_ATTEMPTS"));
    String shown = browser.findElement(By.cssSelector(".problem")).getText();
    assertTrue(shown.contains("วินาที") || shown.contains("seconds"), "the wait is shown: " + shown);
    assertEquals(5, TestDatabase.count(tenth.db, failures));
    page("17-login-wait");
    // Well past the lock: a page that retried would have sent the wrong password again by now.
    Thread.sleep((LOCK_SECONDS + 3) * 1000L);
    assertEquals(5, TestDatabase.count(tenth.db, failures), "the page sent the login again on its own");
    assertTrue(browser.findElement(By.cssSelector(".problem")).isDisplayed());
    assertTrue(browser.findElement(By.id("busy")).getAttribute("hidden") != null, "no busy bar: nothing is waiting");
  }

  private static Object[] student(int n, String grade, String room) {
    return new Object[] {Ids.citizen(500 + n), String.valueOf(500 + n), "เด็กหญิง", "ทดสอบ" + n, "ใจดี", "ญ", "13/05/2555", grade, room};
  }

  private static void login(String username, String password) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login-button")).click();
  }

  /** Logs in, waits for the home page, then opens {@code hash} within the page. */
  /**
   * Issue 34 part 4: the form the director signs, printed by Chromium to PDF (Page.printToPDF through CDP, A4): the
   * text in it names the count day and the school and holds the counts; its first page is kept as a PNG beside the
   * test's pictures for a person to look at.
   */
  private static void certificatePrintsToPdf(String base) throws Exception {
    go(base, "#/certificate");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("certificate-counts")));
    assertTrue(text("certificate").contains("10 พ.ย. 2566"), text("certificate"));
    page("10b-certificate");
    Map<String, Object> printed = browser.executeCdpCommand("Page.printToPDF", Map.of("paperWidth", 8.27,
        "paperHeight", 11.69, "printBackground", true, "preferCSSPageSize", true));
    Path pdf = SHOTS.resolve("10b-certificate.pdf");
    Files.write(pdf, java.util.Base64.getDecoder().decode((String) printed.get("data")));
    String text = command("pdftotext", "-layout", pdf.toString(), "-");
    assertTrue(text.contains("2566") && text.contains(SCHOOL), text);
    assertTrue(text.replaceAll("\\s+", "").contains("โรงเรียนบ้านทดสอบ"), text);
    assertTrue(!text.contains("ออกจากระบบ"), "the page's own controls are not printed: " + text);
    command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf.toString(),
        SHOTS.resolve("10b-certificate-page1").toString());
  }

  private static String command(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    return out;
  }

  private static void signIn(String base, String username, String password, String hash) {
    login(username, password);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("actions")));
    go(base, hash);
  }

  private static void logout() {
    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
  }

  /** Within the page, as its links do: a new document would lose the token, which lives in memory only. */
  private static void go(String base, String hash) {
    assertTrue(browser.getCurrentUrl().startsWith(base), browser.getCurrentUrl());
    ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", hash);
  }

  private static void clickButton(String label) {
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='" + label + "']"))).click();
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /** Workbooks fully saved in the download folder: non-empty .xlsx files. */
  private static long downloaded() {
    return downloaded(".xlsx");
  }

  private static long downloaded(String suffix) {
    try (var files = Files.list(downloads)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).filter(p -> p.toFile().length() > 0).count();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A page session of this account opened over HTTP, as another machine's browser would: its cookie. */
  private static String sessionCookie(TestServer server, String username, String password) {
    var r = server.post("/api/v1/auth/session", null, new JsonObject().put("username", username).put("password", password));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    String set = r.cookies().stream().filter(c -> c.startsWith("dmc_session=")).findFirst().orElseThrow();
    return set.substring(0, set.indexOf(';'));
  }

  private static int withCookie(TestServer server, String path, String cookie) {
    return server.getWithHeader(path, "Cookie", cookie).statusCode();
  }

  private static void awaitDownload(long before) {
    wait.until(d -> downloaded() > before);
  }

  /**
   * Saves the page and checks it fits 360 px (no horizontal scroll), every control has a label and every
   * button a name a screen reader can say.
   */
  private static void page(String name) throws Exception {
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    JavascriptExecutor js = (JavascriptExecutor) browser;
    Object wide = js.executeScript(
        "return document.documentElement.scrollWidth > window.innerWidth ? document.documentElement.scrollWidth : 0;");
    assertEquals(0L, ((Number) wide).longValue(), name + " scrolls sideways at " + browser.manage().window().getSize());
    Object unlabelled = js.executeScript("return [...document.querySelectorAll('input, select, textarea')]"
        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id || e.outerHTML)"
        + ".concat([...document.querySelectorAll('button')].filter(b => !b.textContent.trim() && !b.getAttribute('aria-label'))"
        + ".map(b => b.outerHTML));");
    assertEquals(List.of(), unlabelled, name + ": controls without a label");
    // Deque's axe-core (issue 22): no violation of impact serious or critical, on every page seen. No rule is off.
    var results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(browser);
    List<String> serious = results.getViolations().stream()
        .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
        .map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
        .toList();
    assertEquals(List.of(), serious, name + ": axe-core violations");
  }
}
