package th.obec.dmc.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting, read once from the environment at start-up; nothing reads the environment later. One record per
 * concern, each with its variables, defaults and bounds in its own {@code from}: a swapped pair of numbers no longer
 * compiles as another setting. The README's settings table lists exactly these variables (ConfigTest checks).
 */
public record Config(Path dataDir, Optional<OffsetDateTime> drillClock, Optional<Path> calendarFile,
                     Optional<Path> subsidyRates, Http http, Database database, Uploads uploads, Sessions sessions,
                     Security security, Surge surge) {

  /** The HTTP server: where it listens, how long it waits for a client, and how much it takes at once. */
  public record Http(int port, int instances, Optional<Integer> metricsPort, int maxInFlight, int idleTimeoutSeconds,
                     int requestReadTimeoutSeconds, int headerTimeoutSeconds, int downloadStallSeconds,
                     int eventLoopMaxMillis, List<String> trustedProxies, Optional<String> publicUrl) {
    static Http from(Reader r) {
      return new Http(
          r.integer("DMC_HTTP_PORT", 8080, 0, 65535),
          r.integer("DMC_HTTP_INSTANCES", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
          r.text("DMC_METRICS_PORT").map(v -> r.integer("DMC_METRICS_PORT", 0, 0, 65535)),
          r.integer("DMC_MAX_INFLIGHT", 512, 1, 100_000),
          r.integer("DMC_HTTP_IDLE_TIMEOUT", 60, 1, 86_400),
          r.integer("DMC_HTTP_READ_TIMEOUT", 120, 1, 86_400),
          r.integer("DMC_HTTP_HEADER_TIMEOUT", 10, 1, 3_600),
          r.integer("DMC_DOWNLOAD_STALL_TIMEOUT", 60, 1, 86_400),
          r.integer("DMC_EVENT_LOOP_MAX_MS", 2_000, 10, 60_000),
          r.text("DMC_TRUSTED_PROXIES").map(v -> Arrays.stream(v.split("[,\\s]+")).filter(x -> !x.isBlank()).toList())
              .orElse(List.of()),
          r.text("DMC_PUBLIC_URL"));
    }
  }

  /** PostgreSQL: the write pool (or the embedded server when unset), the optional report pool, and their limits. */
  public record Database(Optional<String> url, Optional<String> reportUrl, int poolSize, int waitQueueSize,
                         int statementTimeoutSeconds, int idleInTransactionSeconds) {
    static Database from(Reader r) {
      return new Database(
          r.text("DMC_DB_URL"),
          r.text("DMC_REPORT_DB_URL"),
          r.integer("DMC_DB_POOL_SIZE", 16, 1, 500),
          r.integer("DMC_DB_WAIT_QUEUE", 256, 0, 100_000),
          r.integer("DMC_DB_STATEMENT_TIMEOUT", 120, 1, 86_400),
          r.integer("DMC_DB_IDLE_TX_TIMEOUT", 60, 1, 86_400));
    }
  }

  /** Workbooks: how large a file, how many rows, how many sheet jobs at once and per account. */
  public record Uploads(long maxBytes, int maxRows, int maxSheetJobs, int sheetJobsPerAccount) {
    static Uploads from(Reader r) {
      return new Uploads(
          r.integer("DMC_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, 1024, Integer.MAX_VALUE),
          r.integer("DMC_MAX_ROWS", 200_000, 1, 5_000_000),
          r.integer("DMC_SHEET_QUEUE", 8, 1, 1000),
          r.integer("DMC_SHEET_PER_ACCOUNT", 2, 1, 1_000));
    }
  }

  /** Logins that last: the API's tokens and the pages' sessions. */
  public record Sessions(long tokenTtlSeconds, int idleMinutes, int maxHours) {
    static Sessions from(Reader r) {
      return new Sessions(
          r.integer("DMC_TOKEN_TTL_SECONDS", 3600, 60, 86_400),
          r.integer("DMC_SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
          r.integer("DMC_SESSION_MAX_HOURS", 10, 1, 24 * 7));
    }
  }

  /** Keys, the first admin, the login throttle, password hashing and the daily disclosure budget. */
  public record Security(Optional<Path> jwtPrivateKey, Optional<Path> jwtPublicKey, Optional<String> adminPassword,
                         int loginFirstLockSeconds, int maxHashJobs, int disclosureDailyLimit) {
    static Security from(Reader r) {
      return new Security(
          r.text("DMC_JWT_PRIVATE_KEY").map(Path::of),
          r.text("DMC_JWT_PUBLIC_KEY").map(Path::of),
          // From the environment, or from a file (a container secret) so that no password sits in the environment.
          r.text("DMC_ADMIN_PASSWORD").or(() -> r.text("DMC_ADMIN_PASSWORD_FILE").map(Config::secret)),
          r.integer("DMC_LOGIN_FIRST_LOCK_SECONDS", 30, 1, 3_600),
          r.integer("DMC_HASH_QUEUE", 64, 1, 10_000),
          r.integer("DMC_DISCLOSURE_DAILY_LIMIT", 2_000, 1, 10_000_000));
    }
  }

  /** The 10 November answers: how many requests one transaction writes, and how many of one school may wait. */
  public record Surge(int answerBatch, int answerPerSchool) {
    static Surge from(Reader r) {
      return new Surge(
          r.integer("DMC_ANSWER_BATCH", 64, 1, 1_000),
          r.integer("DMC_ANSWER_PER_SCHOOL", 4, 1, 1_000));
    }
  }

  public static Config fromEnv(Map<String, String> env) {
    Reader r = new Reader(env, new TreeSet<>());
    return of(r);
  }

  private static Config of(Reader r) {
    return new Config(
        r.text("DMC_DATA_DIR").map(Path::of).orElse(Path.of("data")).toAbsolutePath(),
        r.dateTime("DMC_CLOCK"),
        r.text("DMC_CALENDAR").map(Path::of),
        r.text("DMC_SUBSIDY_RATES").map(Path::of),
        Http.from(r), Database.from(r), Uploads.from(r), Sessions.from(r), Security.from(r), Surge.from(r));
  }

  /** Every variable the settings read, whatever the environment holds: what the README's table must list. */
  public static Set<String> variables() {
    Reader r = new Reader(Map.of(), new TreeSet<>());
    of(r);
    return r.asked();
  }

  /** A secret's file, read whole and stripped (a container secret ends with a line break). */
  private static String secret(String file) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      throw new ConfigException("DMC_ADMIN_PASSWORD_FILE cannot be read: " + file + " (" + e.getMessage() + ")");
    }
  }

  /** Thrown when a variable cannot be used; its message names the variable. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  /** The environment, read; it notes each variable asked for, set or not. */
  private record Reader(Map<String, String> env, Set<String> asked) {
    Optional<String> text(String name) {
      asked.add(name);
      String value = env.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    int integer(String name, int fallback, int min, int max) {
      Optional<String> value = text(name);
      if (value.isEmpty()) return fallback;
      try {
        int n = Integer.parseInt(value.get());
        if (n < min || n > max) {
          throw new ConfigException(name + "=" + value.get() + " is out of range " + min + ".." + max);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ConfigException(name + "=" + value.get() + " is not a whole number");
      }
    }

    Optional<OffsetDateTime> dateTime(String name) {
      return text(name).map(v -> {
        try {
          return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
          throw new ConfigException(name + "=" + v
              + " is not an ISO-8601 date-time with offset, e.g. 2023-11-10T09:00:00+07:00");
        }
      });
    }
  }
}
