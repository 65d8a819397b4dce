package th.obec.dmc.app;

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
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.auth.Access;
import th.obec.dmc.auth.BulkAccounts;
import th.obec.dmc.auth.LoginThrottleRepository;
import th.obec.dmc.auth.SigningKeys;
import th.obec.dmc.auth.TokenService;
import th.obec.dmc.auth.UserRepository;
import th.obec.dmc.auth.UserRoutes;
import th.obec.dmc.auth.UserService;
import th.obec.dmc.calendar.BusinessClock;
import th.obec.dmc.calendar.CalendarLoader;
import th.obec.dmc.calendar.CalendarRoutes;
import th.obec.dmc.calendar.PhaseGate;
import th.obec.dmc.calendar.RoundCalendar;
import th.obec.dmc.kernel.AdmissionControl;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Downloads;
import th.obec.dmc.kernel.Json;
import th.obec.dmc.kernel.ProblemHandler;
import th.obec.dmc.kernel.ReadTimeout;
import th.obec.dmc.kernel.ShedMeter;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.db.DatabaseUrl;
import th.obec.dmc.db.EmbeddedDatabase;
import th.obec.dmc.db.Migrations;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.audit.AuditRoutes;
import th.obec.dmc.existence.ExistenceRepository;
import th.obec.dmc.existence.ExistenceRoutes;
import th.obec.dmc.existence.ExistenceService;
import th.obec.dmc.existence.ExistenceUploads;
import th.obec.dmc.existence.ExistenceWorkbooks;
import th.obec.dmc.existence.Round;
import th.obec.dmc.existence.RoundMeters;
import th.obec.dmc.existence.RoundService;
import th.obec.dmc.calendar.PhaseMeters;
import th.obec.dmc.ops.EventLoopLag;
import th.obec.dmc.exchange.ExchangeRepository;
import th.obec.dmc.exchange.ExchangeRoutes;
import th.obec.dmc.exchange.ExchangeService;
import th.obec.dmc.ops.HealthRoutes;
import th.obec.dmc.report.ReportRepository;
import th.obec.dmc.report.ReportRoutes;
import th.obec.dmc.report.RosterReports;
import th.obec.dmc.report.SubsidyRates;
import th.obec.dmc.report.SubsidyReport;
import th.obec.dmc.ops.JvmMeters;
import th.obec.dmc.ops.ReadinessRepository;
import th.obec.dmc.registry.RegistryRepository;
import th.obec.dmc.registry.RegistryRoutes;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.building.BuildingRepository;
import th.obec.dmc.building.BuildingRoutes;
import th.obec.dmc.building.BuildingService;
import th.obec.dmc.building.BuildingUploads;
import th.obec.dmc.student.MovementUploads;
import th.obec.dmc.student.StudentRepository;
import th.obec.dmc.student.StudentRoutes;
import th.obec.dmc.student.StudentUploads;
import th.obec.dmc.upload.ErrorWorkbook;
import th.obec.dmc.upload.TemplateRoutes;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.upload.UploadRepository;
import th.obec.dmc.upload.UploadRoutes;
import th.obec.dmc.upload.UploadService;
import th.obec.dmc.sheet.SheetSpecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running server: wires configuration, PostgreSQL, the features and the HTTP servers, and
 * takes them down again in order. Blocking start-up work (embedded PostgreSQL, Flyway, key files)
 * runs on a worker before any server listens.
 */
public final class App {
  private static final Logger log = LoggerFactory.getLogger(App.class);
  private static final java.util.Set<String> HTTP_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Vertx vertx;
  private final Pool pool;
  private final Workers workers;
  private final EmbeddedDatabase embedded;
  private final int port;
  private final Optional<String> generatedAdminPassword;
  private final JvmMeters jvmMeters;
  private Integer metricsPort;

  private App(Vertx vertx, Pool pool, Workers workers, EmbeddedDatabase embedded, int port,
              Optional<String> generatedAdminPassword, JvmMeters jvmMeters) {
    this.jvmMeters = jvmMeters;
    this.vertx = vertx;
    this.pool = pool;
    this.workers = workers;
    this.embedded = embedded;
    this.port = port;
    this.generatedAdminPassword = generatedAdminPassword;
  }

  public int port() { return port; }

  /** The management port serving {@code /metrics}, when {@code DMC_METRICS_PORT} is set. */
  public Optional<Integer> metricsPort() { return Optional.ofNullable(metricsPort); }
  public Vertx vertx() { return vertx; }
  public Optional<String> generatedAdminPassword() { return generatedAdminPassword; }

  /** What start-up prepares off the event loop before anything listens. */
  private record Prepared(RoundCalendar calendar, EmbeddedDatabase embedded, DatabaseUrl url,
                          String schemaVersion, SigningKeys keys, Map<String, SheetSpec> specs, SubsidyRates rates) {}

  public static Future<App> start(Config config) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.config().commonTags(List.of(Tag.of("application", "dmc-gateway"), Tag.of("instance", instanceName())));
    // A client may send any method name; one series each would let it grow the registry without bound.
    metrics.config().meterFilter(MeterFilter.replaceTagValues("method",
        method -> HTTP_METHODS.contains(method) ? method : "OTHER"));
    JvmMeters jvmMeters = new JvmMeters(metrics);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            // The route template, never the raw path: one series per route, not one per school code.
            .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
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
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static Prepared prepare(Config config) throws Exception {
    RoundCalendar calendar = CalendarLoader.load(config.calendarFile());
    Files.createDirectories(config.dataDir());
    EmbeddedDatabase embedded = null;
    DatabaseUrl url;
    if (config.dbUrl().isPresent()) {
      url = DatabaseUrl.parse(config.dbUrl().get());
    } else {
      embedded = EmbeddedDatabase.start(config.dataDir());
      url = embedded.url();
    }
    try {
      String version = Migrations.migrate(url);
      SigningKeys keys = SigningKeys.load(config.jwtPrivateKey(), config.jwtPublicKey(), config.dataDir());
      Map<String, SheetSpec> specs = new LinkedHashMap<>();
      for (String kind : List.of("students", "movements", "buildings", "schools", "existence", "duplicates",
          "report-roll", "report-summary", "report-area-schools", "report-national", "report-buildings",
          "report-subsidy", "accounts", "accounts-issued")) {
        specs.put(kind, SheetSpecs.load(kind));
      }
      return new Prepared(calendar, embedded, url, version, keys, specs, SubsidyRates.load(config.subsidyRates()));
    } catch (Exception | Error e) {
      if (embedded != null) embedded.close();
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
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions()
            .setName("dmc-db")
            .setMaxSize(config.dbPoolSize())
            .setMaxWaitQueueSize(config.dbWaitQueueSize()))
        .connectingTo(prepared.url().connectOptions(config.dbStatementTimeoutSeconds(),
            config.dbIdleInTransactionSeconds(), "dmc-gateway " + java.util.UUID.randomUUID()))
        .using(vertx)
        .build();
    ShedMeter shedMeter = new ShedMeter(metrics);
    Workers workers = Workers.create(vertx, config.maxSheetJobs(), config.maxHashJobs(), shedMeter);

    PhaseGate gate = new PhaseGate(prepared.calendar(), clock);
    TokenService tokens = new TokenService(vertx, prepared.keys(), (int) config.tokenTtlSeconds());
    RegistryService registry = new RegistryService(new RegistryRepository(pool), workers, prepared.specs().get("schools"));
    AuditLog audit = new AuditLog(pool);
    UserService users = new UserService(new UserRepository(pool), new LoginThrottleRepository(pool), registry, tokens,
        workers, (actor, username, action, school, area, detail) -> actor != null
            ? audit.record(pool, actor, action, school, area, detail, clock.now())
            : audit.recordAnonymous(pool, username, action, detail, clock.now()));
    Access access = new Access(tokens, registry, users.revocations());

    CalendarRoutes calendarRoutes = new CalendarRoutes(prepared.calendar(), clock, gate);
    Bodies bodies = new Bodies(config.dataDir().resolve("uploads"), config.maxUploadBytes());
    UserRoutes userRoutes = new UserRoutes(users,
        new BulkAccounts(users, prepared.specs().get("accounts"), prepared.specs().get("accounts-issued")), access, bodies);
    RegistryRoutes registryRoutes = new RegistryRoutes(registry, access, bodies);
    Round round = new Round(prepared.calendar().academicYear(), prepared.calendar().term());
    ExistenceRepository existenceRepository = new ExistenceRepository(pool);
    RoundMeters roundMeters = new RoundMeters(metrics);
    roundMeters.refreshEvery(vertx, existenceRepository, round);
    PhaseMeters.register(metrics, prepared.calendar(), clock);
    EventLoopLag.start(vertx, metrics);
    ExistenceService existence = new ExistenceService(existenceRepository, registry, audit, clock, round,
        prepared.specs().get("students").column("grade").orElseThrow(), roundMeters);
    RoundService rounds = new RoundService(existenceRepository, registry, audit, clock, round, roundMeters);
    ExistenceRoutes existenceRoutes = new ExistenceRoutes(existence, rounds, access, gate, new ExistenceWorkbooks(
        prepared.specs().get("existence"), prepared.specs().get("duplicates"), existenceRepository, registry, workers, round));
    AuditRoutes auditRoutes = new AuditRoutes(audit, access);
    ExchangeRoutes exchangeRoutes = new ExchangeRoutes(new ExchangeService(new ExchangeRepository(pool), registry, workers,
        audit, clock, round, prepared.calendar().zone(),
        new Downloads(vertx, config.downloadStallSeconds() * 1000L)), access, gate);
    ReportRepository reportRepository = new ReportRepository(pool);
    ReportRoutes reportRoutes = new ReportRoutes(
        new SubsidyReport(reportRepository, registry, prepared.rates(), round),
        new RosterReports(reportRepository, registry, rounds, workers, round, prepared.calendar().zone(), prepared.specs()),
        access, prepared.specs().get("report-subsidy"), workers);
    AdmissionControl admission = new AdmissionControl(config.maxInFlight(), shedMeter);
    StudentRepository students = new StudentRepository(pool);
    BuildingRepository buildings = new BuildingRepository(pool);
    RoundCalendar calendar = prepared.calendar();
    Map<String, SheetSpec> specs = prepared.specs();
    List<UploadKind> kinds = List.of(
        new StudentUploads(specs.get("students"), students, registry, calendar.academicYear(), calendar.zone()),
        new MovementUploads(specs.get("movements"), students, calendar.zone()),
        new BuildingUploads(specs.get("buildings"), buildings, calendar.zone()),
        new ExistenceUploads(specs.get("existence"), existenceRepository, round));
    UploadService uploads = new UploadService(kinds, new UploadRepository(pool), workers, gate, calendar, clock,
        SheetLimits.DEFAULT.withMaxRows(config.maxSheetRows()), existence::checkRollWritable, audit, registry, metrics);
    UploadRoutes uploadRoutes = new UploadRoutes(uploads, access, new ErrorWorkbook(specs, workers), bodies);
    TemplateRoutes templateRoutes = new TemplateRoutes(specs, access, workers);
    StudentRoutes studentRoutes = new StudentRoutes(students, access);
    BuildingRoutes buildingRoutes = new BuildingRoutes(new BuildingService(buildings, registry, clock, workers,
        specs.get("report-buildings"), calendar.zone()), access, gate);
    HealthRoutes health = new HealthRoutes(new ReadinessRepository(pool), prepared.schemaVersion(), metrics);

    java.util.function.Function<Vertx, Router> routes = v -> {
      Router router = Router.router(v);
      router.route().handler(new ReadTimeout(config.requestReadTimeoutSeconds() * 1000L));
      router.route().handler(admission);
      health.mount(router, config.metricsPort().isEmpty());
      calendarRoutes.mount(router);
      userRoutes.mount(router);
      registryRoutes.mount(router);
      templateRoutes.mount(router);
      uploadRoutes.mount(router);
      studentRoutes.mount(router);
      buildingRoutes.mount(router);
      existenceRoutes.mount(router);
      auditRoutes.mount(router);
      reportRoutes.mount(router);
      exchangeRoutes.mount(router);
      ProblemHandler problems = new ProblemHandler(shedMeter);
      router.route().failureHandler(problems);
      router.errorHandler(404, problems);
      router.errorHandler(405, problems);
      router.errorHandler(500, problems);
      return router;
    };

    Optional<String> adminPassword = config.adminPassword();
    return users.bootstrapAdmin(adminPassword, prepared.embedded() != null)
        .compose(generated -> users.revocations().start(vertx).map(generated))
        .compose(generated -> uploads.failInterrupted().map(generated))
        .compose(generated -> deployServers(vertx, config, routes)
            .compose(port -> config.metricsPort().isEmpty() ? Future.succeededFuture(new int[] {port, -1})
                : vertx.createHttpServer().requestHandler(managementRouter(vertx, health)).listen(config.metricsPort().get())
                    .map(server -> new int[] {port, server.actualPort()}))
            .map(ports -> {
              int port = ports[0];
              generated.ifPresent(App::announceAdminPassword);
              log.info("event=listening port={} instances={} database={} schema={} calendar={}/{}", port,
                  config.httpInstances(), prepared.url(), prepared.schemaVersion(),
                  prepared.calendar().academicYear(), prepared.calendar().term());
              App app = new App(vertx, pool, workers, prepared.embedded(), port, generated, jvmMeters);
              if (ports[1] >= 0) {
                app.metricsPort = ports[1];
                log.info("event=metrics_listening port={}", ports[1]);
              }
              return app;
            }))
        .recover(e -> pool.close().transform(ignored -> Future.failedFuture(e)));
  }

  private static Router managementRouter(Vertx vertx, HealthRoutes health) {
    Router router = Router.router(vertx);
    health.mountMetrics(router);
    router.get("/health").handler(ctx -> Json.ok(ctx, new io.vertx.core.json.JsonObject().put("status", "UP")));
    return router;
  }

  /**
   * All instances share one port. For port 0 they use Vert.x's shared random port (a negative port:
   * every server given the same negative value binds one random port together), so every event loop
   * serves the one port the log announces.
   */
  private static Future<Integer> deployServers(Vertx vertx, Config config,
                                               java.util.function.Function<Vertx, Router> routes) {
    int port = config.httpPort() == 0 ? -1 : config.httpPort();
    java.util.List<HttpServerVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          HttpServerVerticle server = new HttpServerVerticle(port, routes, config.httpIdleTimeoutSeconds());
          servers.add(server);
          return server;
        }, new DeploymentOptions().setInstances(config.httpInstances()))
        .map(id -> {
          java.util.Set<Integer> bound = new java.util.TreeSet<>();
          servers.forEach(s -> bound.add(s.actualPort()));
          if (bound.size() != 1) throw new IllegalStateException("HTTP servers bound different ports: " + bound);
          return bound.iterator().next();
        });
  }

  private static void announceAdminPassword(String password) {
    // Printed once, to the console only: the log may be shipped elsewhere.
    System.out.println("""

        ==================================================================
         บัญชีผู้ดูแลระบบถูกสร้างขึ้น / First admin account created
           username: admin
           password: %s
         เก็บรหัสนี้ไว้ จะไม่แสดงอีก / Keep it: it will not be shown again.
        ==================================================================
        """.formatted(password));
  }

  /** HTTP closed first, then the pool and the workers, then Vert.x, then the embedded PostgreSQL. */
  public Future<Void> close() {
    java.util.List<Future<Void>> undeploys = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeploys)
        .eventually(pool::close)
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
