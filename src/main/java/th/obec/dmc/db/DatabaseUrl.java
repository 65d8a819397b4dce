package th.obec.dmc.db;

import java.util.List;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where PostgreSQL is: parsed from {@code postgresql://user:pass@host:port/db} (or a JDBC URL), with libpq's
 * {@code sslmode} ({@code disable}, the default, {@code require}: encrypted, the server not verified, or
 * {@code verify-full}: encrypted, the server's certificate checked against {@code sslrootcert} and its name).
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, String sslMode,
                          String sslRootCert) {

  public DatabaseUrl {
    if (!List.of("disable", "require", "verify-full").contains(sslMode)) {
      throw new IllegalArgumentException("sslmode must be disable, require or verify-full, not " + sslMode);
    }
    if (sslMode.equals("verify-full") && sslRootCert == null) {
      throw new IllegalArgumentException("sslmode=verify-full needs sslrootcert=<the CA's PEM file>");
    }
  }

  public DatabaseUrl(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, "disable", null);
  }

  public static DatabaseUrl parse(String text) {
    String url = text.startsWith("jdbc:") ? text.substring(5) : text;
    try {
      URI uri = new URI(url);
      if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
        throw new IllegalArgumentException("DMC_DB_URL must start with postgresql://");
      }
      Map<String, String> query = query(uri.getRawQuery());
      String user = query.getOrDefault("user", "postgres");
      String password = query.getOrDefault("password", "");
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = decode(parts[0]);
        password = parts.length > 1 ? decode(parts[1]) : "";
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (uri.getHost() == null || path.isEmpty()) {
        throw new IllegalArgumentException("DMC_DB_URL needs a host and a database: postgresql://user:pass@host:5432/dmc");
      }
      return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, user, password,
          query.getOrDefault("sslmode", "disable"), query.get("sslrootcert"));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("DMC_DB_URL is not a URL: " + e.getMessage());
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database + sslQuery();
  }

  public DatabaseUrl withDatabase(String name) {
    return new DatabaseUrl(host, port, name, user, password, sslMode, sslRootCert);
  }

  private String sslQuery() {
    if (sslMode.equals("disable")) return "";
    return "?sslmode=" + sslMode + (sslRootCert == null ? "" : "&sslrootcert=" + encode(sslRootCert));
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    switch (sslMode) {
      case "require" -> options.setSslMode(SslMode.REQUIRE).setSslOptions(new ClientSSLOptions().setTrustAll(true));
      case "verify-full" -> options.setSslMode(SslMode.VERIFY_FULL).setSslOptions(new ClientSSLOptions()
          .setTrustOptions(new PemTrustOptions().addCertPath(sslRootCert)).setHostnameVerificationAlgorithm("HTTPS"));
      default -> { }
    }
    return options;
  }

  /**
   * The pool's sessions: a statement that runs away, or a transaction left open by a stalled client,
   * is ended by PostgreSQL itself, releasing its locks and its connection.
   */
  public PgConnectOptions connectOptions(int statementTimeoutSeconds, int idleInTransactionSeconds,
                                         String applicationName) {
    PgConnectOptions options = connectOptions();
    options.addProperty("statement_timeout", statementTimeoutSeconds + "s");
    options.addProperty("idle_in_transaction_session_timeout", idleInTransactionSeconds + "s");
    options.addProperty("application_name", applicationName);
    return options;
  }

  /** The URL with its password, as {@code DMC_DB_URL} takes it: for handing to another process, never for a log. */
  public String withPassword() {
    return "postgresql://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/" + database
        + sslQuery();
  }

  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> map = new HashMap<>();
    if (raw == null) return map;
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      map.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
    }
    return map;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
