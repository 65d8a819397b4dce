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
      // School 0's lock held here keeps the first batch (school 0 alone) waiting in the database, so every other
      // request, the poisoned one among them, queues for the one batch after it.
      try (java.sql.Connection holder = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
           java.sql.Statement lock = holder.createStatement()) {
        lock.execute("SELECT pg_advisory_lock(hashtext('round:2566:2:" + school(0) + "'))");
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

  private static TestServer tenNovember(Vertx vertx, DatabaseUrl db) throws Exception {
    return TestServer.start(vertx, db, ClassResources.folder(AnswerBatchTest.class, "dmc-data"),
        Map.of("DMC_CLOCK", "2023-11-10T10:00:00+07:00"));
  }

  /** A connection per school, so every school's request is in flight at once (the default pool holds five). */
  private static WebClient client(Vertx vertx) {
    return WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions(),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(SCHOOLS));
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
