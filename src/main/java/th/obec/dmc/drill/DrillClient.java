package th.obec.dmc.drill;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The drill's HTTP side, as a well-behaved client: requests go round-robin over the targets; a 503 or 429
 * is waited out for its Retry-After and sent again; a connection that fails is tried on the next target.
 * Nothing is dropped silently: a request that still fails after every retry is an error the summary shows.
 * Blocking on purpose: each drill thread is a school's officer waiting for an answer, not an event loop.
 */
final class DrillClient {
  private static final int MAX_TRIES = 60;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final List<String> targets;
  private final AtomicInteger next = new AtomicInteger();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong shed = new AtomicLong();
  final AtomicLong connectionRetries = new AtomicLong();
  final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  final Map<String, Collection<Latencies>> latencies = new ConcurrentHashMap<>();

  DrillClient(List<String> targets) {
    this.targets = targets;
  }

  /** Every request's latencies, whatever its kind. */
  List<Latencies> allLatencies() {
    return latencies.values().stream().flatMap(Collection::stream).toList();
  }

  /** A JSON answer of 2xx, or null with the failure recorded in {@link #errors}; timed under {@code kind}. */
  JsonObject send(String kind, String method, String path, String token, JsonObject body) throws InterruptedException {
    Latencies mine = Latencies.mine(latencies, kind);
    String last = "";
    for (int attempt = 1; attempt <= MAX_TRIES; attempt++) {
      String base = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
          .header("Accept", "application/json");
      if (token != null) request.header("Authorization", "Bearer " + token);
      if (body != null) {
        request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      long start = System.nanoTime();
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        connectionRetries.incrementAndGet();
        last = e.toString();
        Thread.sleep(Math.min(2000, 100L * attempt));
        continue;
      }
      requests.incrementAndGet();
      mine.add((System.nanoTime() - start) / 1000);
      int status = response.statusCode();
      if (status == 503 || status == 429) {
        shed.incrementAndGet();
        long wait = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
        Thread.sleep(Math.max(100, wait * 1000));
        last = status + " " + response.body();
        continue;
      }
      if (status / 100 == 2) return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
      errors.add(method + " " + path + " " + status + " " + response.body());
      return null;
    }
    errors.add(method + " " + path + " gave up after " + MAX_TRIES + " tries: " + last);
    return null;
  }
}
