package th.obec.dmc.app;

import java.io.IOException;
import java.net.InetAddress;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.audit.AuditFeature;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.audit.DisclosureBudget;
import th.obec.dmc.audit.DisclosureRepository;
import th.obec.dmc.auth.AuthFeature;
import th.obec.dmc.infra.Infra;
import th.obec.dmc.auth.NameFingerprint;
import th.obec.dmc.auth.SigningKeys;
import th.obec.dmc.building.BuildingFeature;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.calendar.CalendarFeature;
import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.PoolReconnects;
import th.obec.dmc.db.Database;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.db.Migrations;
import th.obec.dmc.exchange.ExchangeFeature;
import th.obec.dmc.existence.ExistenceFeature;
import th.obec.dmc.kernel.AdmissionControl;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.ClientAddress;
import th.obec.dmc.kernel.Downloads;
import th.obec.dmc.kernel.Feature;
import th.obec.dmc.kernel.HeaderDeadlineTransport;
import th.obec.dmc.kernel.ProblemHandler;
import th.obec.dmc.kernel.ReadTimeout;
import th.obec.dmc.kernel.ShedMeter;
import th.obec.dmc.kernel.Spool;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.ops.JvmMeters;
import th.obec.dmc.ops.OpsFeature;
import th.obec.dmc.registry.RegistryFeature;
import th.obec.dmc.registry.RegistryRepository;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.report.ReportFeature;
import th.obec.dmc.report.SubsidyRates;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.Specs;
import th.obec.dmc.student.StudentFeature;
import th.obec.dmc.upload.UploadFeature;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.web.WebAssets;
import th.obec.dmc.web.WebFeature;
import th.obec.dmc.wiring.Shared;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The running server: wires configuration, PostgreSQL, the features and the HTTP servers, and
 * takes them down again in order. Blocking start-up work (embedded PostgreSQL, Flyway, key files)
 * runs on a worker before any server listens.
 */
public final class App {
  private static final Logger log = LoggerFactory.getLogger(App.class);
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Vertx vertx;
  private final Pool pool;
  private final Pool reportPool;
  private final Workers workers;
  private final EmbeddedDatabase embedded;
  private final int port;
  private final Optional<String> generatedAdminPassword;
  private final JvmMeters jvmMeters;
  private final Function<Vertx, Router> routes;
  private Integer metricsPort;

  private App(Vertx vertx, Pool pool, Pool reportPool, Workers workers, EmbeddedDatabase embedded, int port,
              Optional<String> generatedAdminPassword, JvmMeters jvmMeters,
              Function<Vertx, Router> routes) {
    this.vertx = vertx;
    this.pool = pool;
    this.reportPool = reportPool;
    this.workers = workers;
    this.embedded = embedded;
    this.port = port;
    this.generatedAdminPassword = generatedAdminPassword;
    this.jvmMeters = jvmMeters;
    this.routes = routes;
  }

  public int port() { return port; }

  /** The embedded database's address, when the server started one (no DMC_DB_URL). */
  public Optional<DatabaseUrl> embeddedUrl() {
    return Optional.ofNullable(embedded).map(EmbeddedDatabase::url);
  }

  /** The management port serving {@code /metrics}, when {@code DMC_METRICS_PORT} is set. */
  public Optional<Integer> metricsPort() { return Optional.ofNullable(metricsPort); }
  public Vertx vertx() { return vertx; }

  /** Every route the router serves, as "METHOD /path/{param}": what the API contract must describe. */
  public SortedSet<String> routeTable() {
    SortedSet<String> table = new TreeSet<>();
    for (var route : routes.apply(vertx).getRoutes()) {
      if (route.getPath() == null || route.methods() == null) continue;
      String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
      route.methods().forEach(m -> table.add(m.name() + " " + path));
    }
    return table;
  }
  public Optional<String> generatedAdminPassword() { return generatedAdminPassword; }

  /** The ports the server listens on: the API's, and the management port's when one is configured. */
  private record Ports(int http, Optional<Integer> metrics) {}

  /** What start-up prepares off the event loop before anything listens. */
  private record Prepared(RoundCalendar calendar, EmbeddedDatabase embedded, DatabaseUrl url,
                          String schemaVersion, SigningKeys keys, NameFingerprint fingerprint, Specs specs,
                          SubsidyRates rates, String contract, WebAssets web) {}

  public static Future<App> start(Config config) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.config().commonTags(List.of(Tag.of("application", "dmc-gateway"), Tag.of("instance", instanceName())));
    // A client may send any method name; one series each would let it grow the registry without bound.
    metrics.config().meterFilter(MeterFilter.replaceTagValues("method",
        method -> HTTP_METHODS.contains(method) ? method : "OTHER"));
    metrics.config().meterFilter(ResponseTimeBuckets.FILTER);
    Vertx vertx = Vertx.builder()
        // Set, not left to a default: a task holding an event loop longer than this is logged as blocked, a bug.
        .with(new VertxOptions()
            .setMaxEventLoopExecuteTime(config.http().eventLoopMaxMillis())
            .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
            .setBlockedThreadCheckInterval(Math.max(100, config.http().eventLoopMaxMillis() / 2))
            .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
            .setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            // The route template, never the raw path: one series per route, not one per school code.
            .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        // NIO, with every accepted connection's first headers bound by DMC_HTTP_HEADER_TIMEOUT.
        .withTransport(new HeaderDeadlineTransport(config.http().headerTimeoutSeconds() * 1000L))
        .build();
    // After Vert.x has set its meter filters: a meter registered before a filter would be logged as a warning.
    JvmMeters jvmMeters = new JvmMeters(metrics);
    // Completed outside any Vert.x context: after a failed start Vert.x is closed and could not deliver it.
    Promise<App> started = Promise.promise();
    vertx.executeBlocking(() -> prepare(config))
        .compose(prepared -> wire(vertx, config, prepared, metrics, jvmMeters)
            .recover(e -> {
              if (prepared.embedded() != null) prepared.embedded().close();
              return Future.failedFuture(e);
            }))
        .onSuccess(started::complete)
        .onFailure(e -> {
          jvmMeters.close();
          vertx.close().onComplete(ignored -> started.fail(e));
        });
    return started.future();
  }

  /** The host name, so that two nodes' series differ even before Prometheus adds its own instance label. */
  private static String instanceName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Prepared prepare(Config config) throws Exception {
    RoundCalendar calendar = CalendarLoader.load(config.calendarFile());
    Files.createDirectories(config.dataDir());
    Spool.prepare(config.dataDir().resolve("uploads"));
    Database database = Database.of(config.database().url(), config.dataDir());
    DatabaseUrl url = database.url();
    EmbeddedDatabase embedded = database.embedded().orElse(null);
    try {
      String version = Migrations.migrate(url);
      SigningKeys keys = SigningKeys.load(config.security().jwtPrivateKey(), config.security().jwtPublicKey(), config.dataDir());
      // A title's date ("ณ วันที่ 10 พ.ย. 2566") is the round's calendar's, never a literal in a template.
      Map<String, String> dates = new LinkedHashMap<>();
      dates.put("countDate", ThaiDates.thaiDate(calendar.countDate()));
      dates.put("countDateEn", ThaiDates.englishDate(calendar.countDate()));
      calendar.buildingsDate().ifPresent(d -> {
        dates.put("buildingsDate", ThaiDates.thaiDate(d));
        dates.put("buildingsDateEn", ThaiDates.englishDate(d));
      });
      Specs specs = Specs.load(List.of("students", "movements", "buildings", "schools", "existence", "duplicates",
          "report-roll", "report-summary", "report-rooms", "report-area-schools", "report-national", "report-buildings",
          "report-subsidy", "accounts", "accounts-issued"), dates);
      return new Prepared(calendar, embedded, url, version, keys, NameFingerprint.load(config.dataDir()), specs,
          SubsidyRates.load(config.subsidyRates()),
          OpsFeature.loadContract(), WebAssets.load());
    } catch (Exception | Error e) {
      database.close();
      throw e;
    }
  }

  private static Future<App> wire(Vertx vertx, Config config, Prepared prepared, PrometheusMeterRegistry metrics,
                                  JvmMeters jvmMeters) {
    BusinessClock clock = config.drillClock()
        .map(start -> BusinessClock.drill(start, Clock.systemUTC()))
        .orElseGet(BusinessClock::system);
    if (clock.isDrill()) {
      log.warn("event=drill_clock start={} note=\"business rules run on a drill clock, not real time\"",
          config.drillClock().get());
    }
    Database.PoolLimits limits = new Database.PoolLimits(config.database().poolSize(), config.database().waitQueueSize(),
        config.database().statementTimeoutSeconds(), config.database().idleInTransactionSeconds());
    Pool pool = Database.pool(vertx, prepared.url(), "dmc-db", "dmc-gateway", limits,
        PoolReconnects.named("primary", metrics));
    // Reports on a replica when DMC_REPORT_DB_URL names one (HAProxy's read port); otherwise the one pool serves all.
    Database.PoolLimits reportLimits = new Database.PoolLimits(Math.max(2, limits.maxSize() / 4), limits.waitQueueSize(),
        limits.statementTimeoutSeconds(), limits.idleInTransactionSeconds());
    Pool reportPool = config.database().reportUrl().map(DatabaseUrl::parse)
        .map(url -> Database.pool(vertx, url, "dmc-report", "dmc-gateway reports", reportLimits,
            PoolReconnects.named("report", metrics)))
        .orElse(pool);
    ShedMeter shedMeter = new ShedMeter(metrics);
    Workers workers = Workers.create(vertx, config.uploads().maxSheetJobs(), config.security().maxHashJobs(), config.uploads().sheetJobsPerAccount(), shedMeter);
    Bodies bodies = new Bodies(config.dataDir().resolve("uploads"), config.uploads().maxBytes());
    RoundCalendar calendar = prepared.calendar();
    Specs specs = prepared.specs();

    // The features, each built from what it needs, in the order they depend on one another.
    OpsFeature ops = new OpsFeature(vertx, pool, prepared.schemaVersion(), metrics, config.http().metricsPort().isEmpty(),
        prepared.contract());
    CalendarFeature calendarFeature = new CalendarFeature(calendar, clock, metrics);
    AuditLog audit = new AuditLog(pool);
    RegistryService registry = new RegistryService(new RegistryRepository(pool), workers, specs.require("schools"),
        audit, clock);
    Infra infra = new Infra(vertx, pool, reportPool, workers, clock, metrics, specs);
    AuthFeature auth = new AuthFeature(infra, new AuthFeature.Settings(prepared.keys(), prepared.fingerprint(),
            (int) config.sessions().tokenTtlSeconds(), config.security().loginFirstLockSeconds(),
            new ClientAddress(config.http().trustedProxies()),
            new AuthFeature.SessionSettings(config.sessions().idleMinutes() * 60L, config.sessions().maxHours() * 3600L,
                config.http().publicUrl())),
        registry,
        (actor, username, action, school, area, detail) -> actor != null
            ? audit.record(pool, actor, action, school, area, detail, clock.now())
            : audit.recordAnonymous(pool, username, action, detail, clock.now()),
        bodies);
    Shared shared = new Shared(infra, calendar, auth.access(), calendarFeature.gate(), audit,
        new DisclosureBudget(new DisclosureRepository(pool), config.security().disclosureDailyLimit(), metrics), registry);
    ExistenceFeature existence = new ExistenceFeature(shared, config.surge().answerBatch(), config.surge().answerPerSchool());
    StudentFeature students = new StudentFeature(shared);
    BuildingFeature buildings = new BuildingFeature(shared);
    List<UploadKind> kinds = new ArrayList<>(students.uploadKinds());
    kinds.add(buildings.uploadKind());
    kinds.add(existence.uploadKind());
    UploadFeature uploads = new UploadFeature(shared, kinds, SheetLimits.DEFAULT.withMaxRows(config.uploads().maxRows()),
        existence.existence()::checkRollWritable, bodies);
    List<Feature> features = List.of(ops, calendarFeature, auth, new RegistryFeature(registry, shared.access(), bodies),
        uploads, students, buildings, existence, new AuditFeature(audit, shared.access()),
        new ReportFeature(shared, existence.rounds(), prepared.rates()),
        new ExchangeFeature(shared, new Downloads(vertx, config.http().downloadStallSeconds() * 1000L)),
        new WebFeature(prepared.web()));
    AdmissionControl admission = new AdmissionControl(config.http().maxInFlight(), shedMeter);

    Function<Vertx, Router> routes = v -> {
      Router router = Router.router(v);
      router.route().handler(new ReadTimeout(config.http().requestReadTimeoutSeconds() * 1000L));
      router.route().handler(admission);
      features.forEach(f -> f.mount(router));
      ProblemHandler problems = new ProblemHandler(shedMeter);
      router.route().failureHandler(problems);
      router.errorHandler(404, problems);
      router.errorHandler(405, problems);
      router.errorHandler(500, problems);
      return router;
    };

    Optional<String> adminPassword = config.security().adminPassword();
    Path firstPassword = config.dataDir().resolve(FIRST_ADMIN_PASSWORD_FILE);
    return auth.start(vertx, adminPassword, prepared.embedded() != null)
        .compose(generated -> generated.isEmpty() ? Future.succeededFuture(generated)
            : workers.continuing(() -> writeFirstPassword(firstPassword, generated.get())).map(generated))
        .compose(generated -> uploads.start().map(generated))
        .compose(generated -> registry.start(vertx).map(generated))
        .compose(generated -> deployServers(vertx, config, routes)
            .compose(port -> config.http().metricsPort().isEmpty() ? Future.succeededFuture(new Ports(port, Optional.empty()))
                : vertx.createHttpServer().requestHandler(ops.managementRouter(vertx)).listen(config.http().metricsPort().get())
                    .map(server -> new Ports(port, Optional.of(server.actualPort()))))
            .map(ports -> {
              int port = ports.http();
              generated.ifPresent(password -> announceAdminPassword(firstPassword));
              log.info("event=listening port={} instances={} database={} schema={} calendar={}/{}", port,
                  config.http().instances(), prepared.url(), prepared.schemaVersion(),
                  prepared.calendar().academicYear(), prepared.calendar().term());
              App app = new App(vertx, pool, reportPool, workers, prepared.embedded(), port, generated, jvmMeters, routes);
              ports.metrics().ifPresent(metricsPort -> {
                app.metricsPort = metricsPort;
                log.info("event=metrics_listening port={}", metricsPort);
              });
              return app;
            }))
        .recover(e -> closePools(pool, reportPool).transform(ignored -> Future.failedFuture(e)));
  }

  /**
   * All instances share one port. For port 0 they use Vert.x's shared random port (a negative port:
   * every server given the same negative value binds one random port together), so every event loop
   * serves the one port the log announces.
   */
  private static Future<Integer> deployServers(Vertx vertx, Config config,
                                               Function<Vertx, Router> routes) {
    int port = config.http().port() == 0 ? -1 : config.http().port();
    List<HttpServerVerticle> servers = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          HttpServerVerticle server = new HttpServerVerticle(port, routes, config.http().idleTimeoutSeconds(),
              config.http().headerTimeoutSeconds());
          servers.add(server);
          return server;
        }, new DeploymentOptions().setInstances(config.http().instances()))
        .map(id -> {
          Set<Integer> bound = new TreeSet<>();
          servers.forEach(s -> bound.add(s.actualPort()));
          if (bound.size() != 1) throw new IllegalStateException("HTTP servers bound different ports: " + bound);
          return bound.iterator().next();
        });
  }

  /** Where a generated first admin password is written, in the data folder, mode 600. */
  static final String FIRST_ADMIN_PASSWORD_FILE = "first-admin-password";

  /** Blocking: a worker's. The password goes to a file only its owner reads, never to the console or the log. */
  private static Path writeFirstPassword(Path file, String password) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    return Files.writeString(file, password + "\n");
  }

  private static void announceAdminPassword(Path file) {
    // The console is the log appender, which may be shipped elsewhere: it names the file, not the password.
    System.out.println("""

        ==================================================================
         บัญชีผู้ดูแลระบบถูกสร้างขึ้น / First admin account created
           username: admin
           password: in %s (mode 600)
         เปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก แล้วลบไฟล์นี้
         Change it at the first login, then delete that file.
        ==================================================================
        """.formatted(file));
  }

  /** The primary pool and the report pool, when it is a pool of its own. */
  private static Future<Void> closePools(Pool pool, Pool reportPool) {
    return reportPool == pool ? pool.close() : Future.join(pool.close(), reportPool.close()).mapEmpty();
  }

  /** HTTP closed first, then the pool and the workers, then Vert.x, then the embedded PostgreSQL. */
  public Future<Void> close() {
    List<Future<Void>> undeploys = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeploys)
        .eventually(() -> closePools(pool, reportPool))
        .eventually(() -> {
          workers.close();
          return vertx.close();
        })
        .transform(ignored -> {
          jvmMeters.close();
          if (embedded != null) embedded.close();
          log.info("event=stopped");
          return Future.succeededFuture();
        });
  }
}
