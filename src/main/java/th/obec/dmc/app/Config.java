package th.obec.dmc.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting, read once from the environment at start-up. Nothing reads the environment later.
 * The README's configuration table documents each variable and its default.
 */
public record Config(
    int httpPort,
    int httpInstances,
    Optional<String> dbUrl,
    Path dataDir,
    Optional<OffsetDateTime> drillClock,
    Optional<String> adminPassword,
    Optional<Path> calendarFile,
    int dbPoolSize,
    int dbWaitQueueSize,
    long tokenTtlSeconds,
    long maxUploadBytes,
    Optional<Path> jwtPrivateKey,
    Optional<Path> jwtPublicKey,
    int maxSheetJobs,
    int maxSheetRows,
    int maxInFlight,
    Optional<Integer> metricsPort,
    Optional<Path> subsidyRates,
    int maxHashJobs,
    int dbStatementTimeoutSeconds,
    int dbIdleInTransactionSeconds,
    int httpIdleTimeoutSeconds,
    int requestReadTimeoutSeconds,
    int downloadStallSeconds,
    int eventLoopMaxMillis,
    java.util.List<String> trustedProxies,
    int httpHeaderTimeoutSeconds,
    int sheetJobsPerAccount,
    int disclosureDailyLimit,
    int loginFirstLockSeconds,
    int sessionIdleMinutes,
    int sessionMaxHours,
    Optional<String> publicUrl,
    Optional<String> reportDbUrl,
    int answerBatch,
    int answerPerSchool) {

  public static Config fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    return new Config(
        r.integer("DMC_HTTP_PORT", 8080, 0, 65535),
        r.integer("DMC_HTTP_INSTANCES", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
        r.text("DMC_DB_URL"),
        r.text("DMC_DATA_DIR").map(Path::of).orElse(Path.of("data")).toAbsolutePath(),
        r.dateTime("DMC_CLOCK"),
        // The first admin's password from the environment, or from a file (a container secret) so that no
        // compose file or process listing carries it.
        r.text("DMC_ADMIN_PASSWORD").or(() -> r.text("DMC_ADMIN_PASSWORD_FILE").map(Config::secret)),
        r.text("DMC_CALENDAR").map(Path::of),
        r.integer("DMC_DB_POOL_SIZE", 16, 1, 500),
        r.integer("DMC_DB_WAIT_QUEUE", 256, 0, 100_000),
        r.integer("DMC_TOKEN_TTL_SECONDS", 3600, 60, 86_400),
        r.integer("DMC_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, 1024, Integer.MAX_VALUE),
        r.text("DMC_JWT_PRIVATE_KEY").map(Path::of),
        r.text("DMC_JWT_PUBLIC_KEY").map(Path::of),
        r.integer("DMC_SHEET_QUEUE", 8, 1, 1000),
        r.integer("DMC_MAX_ROWS", 200_000, 1, 5_000_000),
        r.integer("DMC_MAX_INFLIGHT", 512, 1, 100_000),
        r.text("DMC_METRICS_PORT").map(v -> r.integer("DMC_METRICS_PORT", 0, 0, 65535)),
        r.text("DMC_SUBSIDY_RATES").map(Path::of),
        r.integer("DMC_HASH_QUEUE", 64, 1, 10_000),
        r.integer("DMC_DB_STATEMENT_TIMEOUT", 120, 1, 86_400),
        r.integer("DMC_DB_IDLE_TX_TIMEOUT", 60, 1, 86_400),
        r.integer("DMC_HTTP_IDLE_TIMEOUT", 60, 1, 86_400),
        r.integer("DMC_HTTP_READ_TIMEOUT", 120, 1, 86_400),
        r.integer("DMC_DOWNLOAD_STALL_TIMEOUT", 60, 1, 86_400),
        r.integer("DMC_EVENT_LOOP_MAX_MS", 2_000, 10, 60_000),
        r.text("DMC_TRUSTED_PROXIES").map(v -> java.util.Arrays.stream(v.split("[,\\s]+")).filter(x -> !x.isBlank()).toList())
            .orElse(java.util.List.of()),
        r.integer("DMC_HTTP_HEADER_TIMEOUT", 10, 1, 3_600),
        r.integer("DMC_SHEET_PER_ACCOUNT", 2, 1, 1_000),
        r.integer("DMC_DISCLOSURE_DAILY_LIMIT", 2_000, 1, 10_000_000),
        r.integer("DMC_LOGIN_FIRST_LOCK_SECONDS", 30, 1, 3_600),
        r.integer("DMC_SESSION_IDLE_MINUTES", 30, 1, 24 * 60),
        r.integer("DMC_SESSION_MAX_HOURS", 10, 1, 24 * 7),
        r.text("DMC_PUBLIC_URL"),
        r.text("DMC_REPORT_DB_URL"),
        r.integer("DMC_ANSWER_BATCH", 64, 1, 1_000),
        r.integer("DMC_ANSWER_PER_SCHOOL", 4, 1, 1_000));
  }

  /** Thrown when a variable cannot be used; its message names the variable. */
  private static String secret(String file) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (java.io.IOException e) {
      throw new ConfigException("DMC_ADMIN_PASSWORD_FILE cannot be read: " + file + " (" + e.getMessage() + ")");
    }
  }

  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  private record Reader(Map<String, String> env) {
    Optional<String> text(String name) {
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
