package th.obec.dmc.existence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Fixtures;
import th.obec.dmc.support.Scrape;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 08:30 login wave: 2,000 logins at once at the production PBKDF2 cost against one node, while schools
 * already logged in keep answering. Logins queue on their bounded pool and the excess is told to come back
 * (503 with Retry-After) at once; nothing is a 500 or a timeout, and the answers stay quick. The figures (logins
 * a second per core, the answers' p99) are printed for docs/capacity.md; the bounds here are CI's, not the goals.
 */
@ExtendWith(VertxExtension.class)
class LoginWaveTest {
  private static final int WAVE = 2_000;
  private static final int WAVE_ACCOUNTS = 10;
  private static final int ANSWERING = 10;
  private static final int LATE = 100;

  @Test
  void aWaveOfLoginsIsQueuedOrToldToComeBackWhileAnswersStayQuick(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(LoginWaveTest.class);
    try (TestServer server = TestServer.start(vertx, db, ClassResources.folder(LoginWaveTest.class, "dmc-data"),
        Map.of("DMC_CLOCK", "2023-11-10T08:30:00+07:00"))) {
      String admin = server.adminToken();
      Fixtures.schoolsWithRooms(server, admin, db, "10600", ANSWERING + WAVE_ACCOUNTS, 1, 30);
      for (int s = 0; s < ANSWERING + WAVE_ACCOUNTS; s++) Fixtures.user(server, admin, "staff" + s, "school_staff", "schoolCode", school(s));
      List<String> tokens = new ArrayList<>();
      for (int s = 0; s < ANSWERING; s++) tokens.add(server.login("staff" + s, Fixtures.PASSWORD));

      // The wave comes from a Vert.x of its own: its 2,000 connections must not hold up, on the client's side,
      // the answers this test times.
      Vertx crowd = Vertx.vertx();
      WebClient waveClient = WebClient.create(crowd, new WebClientOptions().setKeepAlive(false),
          new io.vertx.core.http.PoolOptions().setHttp1MaxSize(WAVE));
      WebClient client = WebClient.create(vertx);
      AtomicBoolean waveDone = new AtomicBoolean();
      List<Long> answerMicros = Collections.synchronizedList(new ArrayList<>());
      List<Future<Void>> answering = new ArrayList<>();
      for (int s = 0; s < ANSWERING; s++) answering.add(keepAnswering(client, server.port(), s, tokens.get(s), waveDone, answerMicros));

      // The wave: every login sent at once.
      Map<String, Integer> outcomes = new ConcurrentHashMap<>();
      long start = System.nanoTime();
      List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
      for (int i = 0; i < WAVE; i++) {
        int account = ANSWERING + i % WAVE_ACCOUNTS;
        wave.add(waveClient.post(server.port(), "localhost", "/api/v1/auth/token")
            .timeout(60_000)
            .sendJsonObject(new JsonObject().put("username", "staff" + account).put("password", Fixtures.PASSWORD))
            .onSuccess(r -> outcomes.merge(r.statusCode() + " " + code(r), 1, Integer::sum)));
      }
      Future.join(wave).otherwiseEmpty().await(120, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;

      // Then what the pages do: LATE clients told to come back wait their Retry-After and try again, until all are in.
      long drainStart = System.nanoTime();
      List<Future<Integer>> late = new ArrayList<>();
      for (int i = 0; i < LATE; i++) late.add(untilIn(crowd, waveClient, server.port(), "staff" + (ANSWERING + i % WAVE_ACCOUNTS)));
      Future.join(late).await(300, TimeUnit.SECONDS);
      double drain = (System.nanoTime() - drainStart) / 1e9;
      waveDone.set(true);
      Future.join(answering).await(60, TimeUnit.SECONDS);
      crowd.close().await(30, TimeUnit.SECONDS);

      int loggedIn = outcomes.getOrDefault("200 null", 0);
      List<Long> sorted = new ArrayList<>(answerMicros);
      Collections.sort(sorted);
      double p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0;
      double p50 = sorted.get(sorted.size() / 2) / 1000.0;
      String metrics = server.get("/metrics", null).bodyAsString();
      double hashSeconds = Scrape.sum(metrics, "vertx_pool_usage_seconds_sum", "pool_name=dmc-crypto")
          / Scrape.sum(metrics, "vertx_pool_usage_seconds_count", "pool_name=dmc-crypto");
      System.out.printf("login wave: %d logins at once against one node, answered in %.1f s: %s; then %d clients"
              + " honouring Retry-After all in after %.1f s = %.1f logins/s; a login holds a hashing thread %.1f ms = %.1f logins/s"
              + " per thread; %d answers meanwhile, p50 %.1f ms p99 %.1f ms%n", WAVE, seconds, outcomes, LATE, drain,
          LATE / drain, hashSeconds * 1000, 1 / hashSeconds, sorted.size(), p50, p99);

      for (Future<HttpResponse<Buffer>> f : wave) {
        assertTrue(f.succeeded(), "every login was answered, none timed out: " + f.cause());
        int status = f.result().statusCode();
        assertTrue(status == 200 || status == 503, "a login is let in or told to come back: " + status + " "
            + f.result().bodyAsString());
        if (status == 503) {
          assertTrue(List.of("LOGIN_BUSY", "SERVER_BUSY").contains(code(f.result())), f.result().bodyAsString());
          assertTrue(f.result().getHeader("Retry-After") != null, "with Retry-After");
        }
      }
      assertTrue(loggedIn >= 16, "logins went through the queue: " + outcomes);
      assertTrue(outcomes.getOrDefault("503 LOGIN_BUSY", 0) > 0, "the excess was told to come back: " + outcomes);
      assertTrue(sorted.size() > 100, "the schools kept answering during the wave: " + sorted.size());
      for (Future<Integer> lateClient : late) assertEquals(200, lateClient.result(), "every client told to come back got in");
      // CI's bound: no answer waits out the wave. The goal (p99 < 250 ms) is the printout's, on its machine.
      assertTrue(p99 < 10_000, "answers kept going during the wave: p99 " + p99 + " ms");
      assertEquals(0, TestDatabase.count(db, "SELECT count(*) FROM existence_answer WHERE NOT present"));
    }
  }

  /** One school answering one student after another until the wave is over; each answer's time recorded. */
  private static Future<Void> keepAnswering(WebClient client, int port, int school, String token, AtomicBoolean stop,
                                            List<Long> micros) {
    Promise<Void> done = Promise.promise();
    next(client, port, school, token, stop, micros, 0, done);
    return done.future();
  }

  private static void next(WebClient client, int port, int school, String token, AtomicBoolean stop, List<Long> micros,
                           int n, Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    long start = System.nanoTime();
    JsonObject body = new JsonObject().put("answers", new JsonArray().add(new JsonObject()
        .put("studentId", String.format("G%012d", school * 1000 + 100 + 1 + n % 30)).put("present", true)));
    client.post(port, "localhost", "/api/v1/schools/" + school(school) + "/existence")
        .putHeader("Authorization", "Bearer " + token).timeout(60_000).sendJsonObject(body)
        .onComplete(r -> {
          if (r.failed() || r.result().statusCode() != 200) {
            done.fail(r.failed() ? r.cause() : new AssertionError(r.result().statusCode() + " " + r.result().bodyAsString()));
            return;
          }
          micros.add((System.nanoTime() - start) / 1000);
          next(client, port, school, token, stop, micros, n + 1, done);
        });
  }

  /** A client as the login page is: told to come back, it waits the Retry-After and tries again. Its last status. */
  private static Future<Integer> untilIn(Vertx crowd, WebClient client, int port, String username) {
    return client.post(port, "localhost", "/api/v1/auth/token").timeout(60_000)
        .sendJsonObject(new JsonObject().put("username", username).put("password", Fixtures.PASSWORD))
        .compose(r -> {
          if (r.statusCode() != 503) return Future.succeededFuture(r.statusCode());
          Promise<Integer> again = Promise.promise();
          crowd.setTimer(Long.parseLong(r.getHeader("Retry-After")) * 1000,
              t -> untilIn(crowd, client, port, username).onComplete(again));
          return again.future();
        });
  }

  private static String code(HttpResponse<Buffer> r) {
    try {
      return r.statusCode() == 200 ? null : r.bodyAsJsonObject().getString("code");
    } catch (RuntimeException notJson) {
      return "?";
    }
  }

  private static String school(int s) {
    return String.format("10600%05d", s);
  }
}
