package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Scrape;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * existence_answer_batch and its coalescer: each request of a batch gets its own outcome and only the valid ones
 * are written; requests that arrive together are written together.
 */
@ExtendWith(VertxExtension.class)
class AnswerBatchTest {
  private static final Round ROUND = new Round(2566, 2);
  private static final int SCHOOLS = 40;

  @Test
  void oneBatchMixingRefusalsAndAnswersGivesEachRequestItsOwnOutcome(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(AnswerBatchTest.class);
    try (TestServer server = tenNovember(vertx, db)) {
      seed(server, db);
      // School 0 is certified already.
      TestDatabase.sql(db, "INSERT INTO certification (academic_year, term, school_code, certified_by, certified_at, counts)"
          + " VALUES (2566, 2, '" + school(0) + "', 'director0', now(), '{}')");
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(db.connectOptions()).using(vertx).build();
      ExistenceRepository repository = new ExistenceRepository(pool);
      try {
        List<ExistenceRepository.Call> calls = List.of(
            call(0, new AnswerRequest.Room("ป.1", "1")),
            call(1, new AnswerRequest.Answers(List.of(answer(1, 1, true), new AnswerRequest.Answer("G999999999999", true, null)))),
            call(2, new AnswerRequest.Answers(List.of(answer(2, 1, true), answer(2, 2, false)))),
            call(3, new AnswerRequest.Room("ป.1", "1")),
            call(4, new AnswerRequest.All()));
        List<ExistenceRepository.Answered> answered = repository.answerBatch(ROUND, Instant.now(), calls)
            .await(30, TimeUnit.SECONDS);

        assertEquals(Outcome.CERTIFIED, answered.get(0).outcome());
        assertEquals(Outcome.UNKNOWN, answered.get(1).outcome());
        assertEquals(List.of("G999999999999"), answered.get(1).unknown());
        assertEquals(Outcome.ANSWERED, answered.get(2).outcome());
        assertEquals(2, answered.get(2).changed());
        assertEquals(Outcome.ANSWERED, answered.get(3).outcome());
        assertEquals(10, answered.get(3).changed(), "room ป.1/1 of school 3: its 10 students");
        assertEquals(Outcome.ANSWERED, answered.get(4).outcome());
        assertEquals(20, answered.get(4).changed(), "the whole of school 4");
        // Each answered request's summary is its own school's.
        ExistenceRepository.GradeCounts school2 = answered.get(2).summary().get(0);
        assertEquals(List.of(10L, 1L, 1L, 8L), List.of(school2.active(), school2.present(), school2.notPresent(),
            school2.unanswered()));
        assertEquals(10, answered.get(3).summary().get(0).present());
        assertTrue(answered.get(0).summary().isEmpty() && answered.get(1).summary().isEmpty());

        // Only the valid requests are written, with one audit event each.
        assertEquals(0, TestDatabase.count(db, "SELECT count(*) FROM existence_answer WHERE school_code IN ('"
            + school(0) + "', '" + school(1) + "')"));
        assertEquals(2 + 10 + 20, TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
        assertEquals(3, TestDatabase.count(db, "SELECT count(*) FROM audit_event WHERE action = 'existence.answered'"));
        assertEquals(1, TestDatabase.count(db, "SELECT count(*) FROM audit_event WHERE action = 'existence.answered'"
            + " AND school_code = '" + school(2) + "' AND detail = '{\"mode\": \"answers\", \"answers\": 2, \"changed\": 2}'"));
        assertEquals(TestDatabase.count(db, "SELECT count(*) FROM existence_answer"),
            TestDatabase.count(db, "SELECT sum(present + not_present) FROM answer_count"), "the kept counts follow");

        // Once the round is closed, every request of a batch is refused so, and nothing is written.
        TestDatabase.sql(db, "INSERT INTO round_closure (academic_year, term, closed_by, closed_at, students, count_date)"
            + " VALUES (2566, 2, 'admin', now(), 0, date '2023-11-10')");
        List<ExistenceRepository.Answered> closed = repository.answerBatch(ROUND, Instant.now(),
            List.of(call(5, new AnswerRequest.All()), call(6, new AnswerRequest.Room("ป.1", "1")))).await(30, TimeUnit.SECONDS);
        assertEquals(List.of(Outcome.CLOSED, Outcome.CLOSED), closed.stream().map(ExistenceRepository.Answered::outcome).toList());
        assertEquals(32, TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
      } finally {
        pool.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void requestsArrivingTogetherAreWrittenTogetherAndEachAnsweredRight(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(AnswerBatchTest.class);
    try (TestServer server = tenNovember(vertx, db)) {
      List<String> staff = seed(server, db);
      WebClient client = client(vertx);
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sent = new ArrayList<>();
      for (int s = 0; s < SCHOOLS; s++) {
        // Every school at once: its first room, and an unknown student in the last school's request.
        JsonObject body = s == SCHOOLS - 1
            ? new JsonObject().put("answers", new JsonArray().add(new JsonObject().put("studentId", "G999999999999").put("present", true)))
            : new JsonObject().put("grade", "ป.1").put("room", "1");
        sent.add(client.post(server.port(), "localhost", "/api/v1/schools/" + school(s) + "/existence")
            .putHeader("Authorization", "Bearer " + staff.get(s)).sendJsonObject(body));
      }
      Future.join(sent).await(60, TimeUnit.SECONDS);
      for (int s = 0; s < SCHOOLS - 1; s++) {
        var r = sent.get(s).result();
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(school(s), r.bodyAsJsonObject().getString("schoolCode"), "each request gets its own school's summary");
        assertEquals(10, r.bodyAsJsonObject().getLong("present"));
      }
      assertEquals(422, sent.get(SCHOOLS - 1).result().statusCode(), sent.get(SCHOOLS - 1).result().bodyAsString());
      assertEquals(10L * (SCHOOLS - 1), TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));

      String metrics = server.get("/metrics", null).bodyAsString();
      double batches = Scrape.sum(metrics, "dmc_answer_batch_size_count");
      double requests = Scrape.sum(metrics, "dmc_answer_batch_size_sum");
      assertEquals(SCHOOLS, requests, 0.0, "every request went through the coalescer");
      assertTrue(batches < SCHOOLS, "requests that arrived together shared batches: " + batches + " batches");
    }
  }

  /**
   * A batch that fails as a whole, not for a transient reason, is written again one request at a time: here the
   * last school's answers break a rule of the database's own (a trigger raising, as a bad row would), and only
   * that school gets an error; every other school of the same batch is answered and written.
   */
  @Test
  void oneRequestThatBreaksTheBatchFailsAloneAndItsNeighboursAreWritten(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(AnswerBatchTest.class);
    try (TestServer server = tenNovember(vertx, db)) {
      List<String> staff = seed(server, db);
      String poisoned = school(SCHOOLS - 1);
      TestDatabase.sql(db, "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
          + " IF NEW.school_code = '" + poisoned + "' THEN RAISE EXCEPTION 'a row this database refuses'; END IF;"
          + " RETURN NEW; END $$");
      TestDatabase.sql(db, "CREATE TRIGGER poison BEFORE INSERT ON existence_answer FOR EACH ROW EXECUTE FUNCTION poison()");
      WebClient client = client(vertx);
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sent = new ArrayList<>();
      // The round's lock held here keeps the first batch (school 0 alone) waiting in the database, so every other
      // request, the poisoned one among them, queues for the one batch after it. (A school's own lock would not:
      // a batch only tries those, and answers that school busy.)
      try (java.sql.Connection holder = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           java.sql.Statement lock = holder.createStatement()) {
        lock.execute("SELECT pg_advisory_lock(hashtext('round:2566:2'))");
        for (int s = 0; s < SCHOOLS; s++) {
          sent.add(client.post(server.port(), "localhost", "/api/v1/schools/" + school(s) + "/existence")
              .putHeader("Authorization", "Bearer " + staff.get(s))
              .sendJsonObject(new JsonObject().put("grade", "ป.1").put("room", "1")));
          if (s == 0) awaitMetric(server, "dmc_answer_batch_size_count", 1);
        }
        awaitMetric(server, "dmc_answer_queue", SCHOOLS - 1);
        lock.execute("SELECT pg_advisory_unlock_all()");
      }
      Future.join(sent).await(60, TimeUnit.SECONDS);
      for (int s = 0; s < SCHOOLS - 1; s++) {
        assertEquals(200, sent.get(s).result().statusCode(), sent.get(s).result().bodyAsString());
      }
      var refused = sent.get(SCHOOLS - 1).result();
      assertEquals(500, refused.statusCode(), refused.bodyAsString());
      assertTrue(refused.getHeader("Content-Type").startsWith("application/problem+json"), refused.getHeader("Content-Type"));
      assertEquals(10L * (SCHOOLS - 1), TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
      assertEquals(0L, TestDatabase.count(db, "SELECT count(*) FROM existence_answer WHERE school_code = '" + poisoned + "'"));
      String metrics = server.get("/metrics", null).bodyAsString();
      assertEquals(1.0, Scrape.sum(metrics, "dmc_answer_batch_splits_total"), "the second batch was split");
      assertEquals(2.0, Scrape.sum(metrics, "dmc_answer_batch_size_count"), "school 0 alone, then all the others together");
    }
  }

  /**
   * Issue 29: a school whose counts lock an open transaction holds (as a roll being applied does) does not hold
   * its batch. Its neighbours are written at once; its own request waits out of the batches and is answered
   * once the lock is freed. Fails with V13's tried locks reverted to V12's waited ones (every request then
   * waits for the transaction).
   */
  @Test
  void aSchoolWhoseLockIsHeldDoesNotHoldItsBatch(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(AnswerBatchTest.class);
    try (TestServer server = tenNovember(vertx, db)) {
      List<String> staff = seed(server, db);
      WebClient client = client(vertx, SCHOOLS);
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sent = new ArrayList<>();
      long[] answeredAt = new long[SCHOOLS];
      long start;
      try (java.sql.Connection holder = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           java.sql.Statement lock = holder.createStatement()) {
        holder.setAutoCommit(false);
        lock.execute("SELECT pg_advisory_xact_lock(hashtext('counts:" + school(0) + "'))");
        start = System.nanoTime();
        for (int s = 0; s < SCHOOLS; s++) {
          int at = s;
          sent.add(client.post(server.port(), "localhost", "/api/v1/schools/" + school(s) + "/existence")
              .putHeader("Authorization", "Bearer " + staff.get(s))
              .sendJsonObject(new JsonObject().put("grade", "ป.1").put("room", "1"))
              .andThen(r -> answeredAt[at] = System.nanoTime()));
        }
        Future.join(sent.subList(1, SCHOOLS)).await(30, TimeUnit.SECONDS);
        for (int s = 1; s < SCHOOLS; s++) {
          assertEquals(200, sent.get(s).result().statusCode(), sent.get(s).result().bodyAsString());
          double seconds = (answeredAt[s] - start) / 1e9;
          assertTrue(seconds < 3, "school " + s + " answered after " + seconds + " s, behind school 0's lock");
        }
        Thread.sleep(1000);
        assertTrue(!sent.get(0).isComplete(), "school 0 waits while its lock is held");
        holder.commit();
      }
      var held = sent.get(0).await(15, TimeUnit.SECONDS);
      assertEquals(200, held.statusCode(), held.bodyAsString());
      assertEquals(10L * SCHOOLS, TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
      assertEquals(TestDatabase.count(db, "SELECT count(*) FROM existence_answer"),
          TestDatabase.count(db, "SELECT sum(present + not_present) FROM answer_count"), "the kept counts follow");
    }
  }

  /**
   * Issue 29: a control character (NUL among them) in any field of an answer is the sender's 422, naming the
   * field, and never reaches a batch: 20 other schools answering at the same time all get 200 and no batch is
   * split. Fails without AnswerRequest's check (PostgreSQL refuses NUL for the whole batch, which is split).
   */
  @Test
  void controlCharactersAreTheSendersOwn422AndSplitNoBatch(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(AnswerBatchTest.class);
    try (TestServer server = tenNovember(vertx, db)) {
      List<String> staff = seed(server, db);
      WebClient client = client(vertx, SCHOOLS);
      String id = answer(0, 1, true).studentId();
      Map<String, JsonObject> bad = new java.util.LinkedHashMap<>();
      bad.put("room", new JsonObject().put("grade", "ป.1").put("room", "1\u00002"));
      bad.put("grade", new JsonObject().put("grade", "ป.1\u0000").put("room", "1"));
      bad.put("answers[0].studentId", answers(new JsonObject().put("studentId", id + "\u0000").put("present", true)));
      bad.put("answers[0].reason", answers(new JsonObject().put("studentId", id).put("present", false)
          .put("reason", "long_absence\u0000")));
      bad.put("answers[0].reason ", answers(new JsonObject().put("studentId", id).put("present", false)
          .put("reason", "ย้าย\u0007")));
      bad.put("room  ", new JsonObject().put("grade", "ป.1").put("room", "1\u001b[2J"));
      bad.put("room   ", new JsonObject().put("grade", "ป.1").put("room", "x".repeat(11)));
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> refused = new ArrayList<>();
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> good = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (JsonObject body : bad.values()) {
          refused.add(client.post(server.port(), "localhost", "/api/v1/schools/" + school(0) + "/existence")
              .putHeader("Authorization", "Bearer " + staff.get(0)).sendJsonObject(body));
        }
      }
      for (int s = 1; s <= 20; s++) {
        good.add(client.post(server.port(), "localhost", "/api/v1/schools/" + school(s) + "/existence")
            .putHeader("Authorization", "Bearer " + staff.get(s))
            .sendJsonObject(new JsonObject().put("grade", "ป.1").put("room", "1")));
      }
      Future.join(refused).await(30, TimeUnit.SECONDS);
      Future.join(good).await(30, TimeUnit.SECONDS);
      List<String> fields = new ArrayList<>(bad.keySet());
      for (int i = 0; i < refused.size(); i++) {
        var r = refused.get(i).result();
        assertEquals(422, r.statusCode(), r.bodyAsString());
        assertEquals(fields.get(i % fields.size()).strip(), r.bodyAsJsonObject().getString("field"), r.bodyAsString());
        assertTrue(r.bodyAsJsonObject().getString("detailTh") != null, r.bodyAsString());
      }
      for (var r : good) assertEquals(200, r.result().statusCode(), r.result().bodyAsString());
      assertEquals(0L, TestDatabase.count(db, "SELECT count(*) FROM existence_answer WHERE school_code = '" + school(0) + "'"));
      assertEquals(200L, TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
      assertEquals(0.0, Scrape.sum(server.get("/metrics", null).bodyAsString(), "dmc_answer_batch_splits_total"));
    }
  }

  /**
   * Issue 29: 300 answers at once from one school's token. At most DMC_ANSWER_PER_SCHOOL (4) wait for their
   * batches; the rest are 429 TOO_MANY_REQUESTS at once with Retry-After, and every request is answered within
   * 30 s (before: all 300 queued, one a batch, the slowest after 38.7 s). Fails without the per-school bound.
   */
  @Test
  void oneSchoolsFloodIsBoundedAndAnsweredQuickly(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(AnswerBatchTest.class);
    try (TestServer server = tenNovember(vertx, db)) {
      List<String> staff = seed(server, db);
      WebClient client = client(vertx, 300);
      List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sent = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        JsonObject body = answers(new JsonObject().put("studentId", answer(0, 1 + i % 10, true).studentId())
            .put("present", i % 2 == 0).put("reason", i % 2 == 0 ? null : "long_absence"));
        sent.add(client.post(server.port(), "localhost", "/api/v1/schools/" + school(0) + "/existence")
            .putHeader("Authorization", "Bearer " + staff.get(0)).sendJsonObject(body));
      }
      Future.join(sent).await(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < 30, "the last of 300 answered after " + seconds + " s");
      int ok = 0;
      int tooMany = 0;
      java.util.Set<Integer> answered = new java.util.HashSet<>();
      for (int i = 0; i < sent.size(); i++) {
        var r = sent.get(i).result();
        if (r.statusCode() == 200) {
          ok++;
          answered.add(i % 10);
        } else {
          assertEquals(429, r.statusCode(), r.bodyAsString());
          assertEquals("TOO_MANY_REQUESTS", r.bodyAsJsonObject().getString("code"));
          assertTrue(r.bodyAsJsonObject().getString("detail").contains(school(0)), r.bodyAsString());
          assertTrue(Integer.parseInt(r.getHeader("Retry-After")) >= 1, "Retry-After: " + r.getHeader("Retry-After"));
          tooMany++;
        }
      }
      assertTrue(ok >= 4, ok + " answered");
      assertTrue(tooMany > 0, "the excess is refused at once");
      assertEquals(300, ok + tooMany);
      assertEquals((long) answered.size(), TestDatabase.count(db, "SELECT count(*) FROM existence_answer"));
    }
  }

  private static JsonObject answers(JsonObject... answers) {
    return new JsonObject().put("answers", new JsonArray(List.of((Object[]) answers)));
  }

  private static TestServer tenNovember(Vertx vertx, DatabaseUrl db) throws Exception {
    return TestServer.start(vertx, db, ClassResources.folder(AnswerBatchTest.class, "dmc-data"),
        Map.of("DMC_CLOCK", "2023-11-10T10:00:00+07:00"));
  }

  /** A connection per school, so every school's request is in flight at once (the default pool holds five). */
  private static WebClient client(Vertx vertx) {
    return client(vertx, SCHOOLS);
  }

  private static WebClient client(Vertx vertx, int connections) {
    return WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(connections));
  }

  private static void awaitMetric(TestServer server, String name, double value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Scrape.sum(server.get("/metrics", null).bodyAsString(), name) != value) {
      if (System.nanoTime() > deadline) throw new AssertionError(name + " never reached " + value);
      Thread.sleep(20);
    }
  }

  /** SCHOOLS schools of 2 rooms of 10 students (ป.1 room 1, ป.2 room 2), and each school's staff token. */
  private static List<String> seed(TestServer server, DatabaseUrl db) {
    String admin = server.adminToken();
    Fixtures.schoolsWithRooms(server, admin, db, "10500", SCHOOLS, 2, 10);
    List<String> tokens = new ArrayList<>();
    for (int s = 0; s < SCHOOLS; s++) {
      Fixtures.user(server, admin, "staff" + s, "school_staff", "schoolCode", school(s));
      tokens.add(server.login("staff" + s, Fixtures.PASSWORD));
    }
    return tokens;
  }

  private static ExistenceRepository.Call call(int school, AnswerRequest request) {
    return new ExistenceRepository.Call(school(school), request, "staff" + school, "school_staff");
  }

  /** Student n (1-10) of room 1 of the school. */
  private static AnswerRequest.Answer answer(int school, int n, boolean present) {
    return new AnswerRequest.Answer(String.format("G%012d", school * 1000 + 100 + n), present, present ? null : "long_absence");
  }

  private static String school(int s) {
    return String.format("10500%05d", s);
  }
}
