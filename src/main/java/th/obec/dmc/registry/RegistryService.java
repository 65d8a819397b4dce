package th.obec.dmc.registry;

import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import th.obec.dmc.audit.AuditLog;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.auth.RegistryLookup;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.SheetUpload;

import java.util.List;
import java.util.Optional;

/** The registry of areas and schools: imports, look-ups, and the answers other features need. */
public final class RegistryService implements RegistryLookup {
  private static final Logger log = LoggerFactory.getLogger(RegistryService.class);

  private final RegistryRepository repository;
  private final Workers workers;
  private final SheetSpec spec;
  /**
   * School to area, asked on every school request of an area user and every round write: cached, since the
   * registry changes a few times a year. Any node's import clears it on every node within a second (each polls
   * the registry's version); the TTL is a last resort.
   */
  private final Map<String, CachedArea> areas = new ConcurrentHashMap<>();
  private static final long AREA_TTL_NANOS = TimeUnit.MINUTES.toNanos(5);

  private record CachedArea(Optional<String> area, long loadedAt) {}

  static final long VERSION_POLL_MILLIS = 1_000;

  private final AuditLog audit;
  private final BusinessClock clock;
  private volatile long seenVersion = -1;

  /** {@code spec} is the registry workbook's column spec, {@code templates/schools.json}. */
  public RegistryService(RegistryRepository repository, Workers workers, SheetSpec spec, AuditLog audit,
                         BusinessClock clock) {
    this.repository = repository;
    this.workers = workers;
    this.spec = spec;
    this.audit = audit;
    this.clock = clock;
  }

  /** Follows the registry's version, forgetting the cached areas whenever another node's import moved it. */
  public Future<Void> start(Vertx vertx) {
    return followVersion().onSuccess(v -> vertx.setPeriodic(VERSION_POLL_MILLIS, id -> followVersion()));
  }

  private Future<Void> followVersion() {
    return repository.version().map(version -> {
      if (version != seenVersion) {
        areas.clear();
        seenVersion = version;
      }
      return (Void) null;
    }).onFailure(e -> log.warn("event=registry_version_poll_failed error={}", e.toString()));
  }

  /** Reads and checks the whole workbook on a worker, then writes it in one transaction, or not at all. */
  public Future<RegistryRepository.Imported> importSchools(Principal actor, SheetUpload upload) {
    return workers.sheets(actor.username(), () -> {
          SchoolImport rows = new SchoolImport(spec);
          upload.read(spec, SheetLimits.DEFAULT, rows::accept);
          return rows.result();
        })
        .compose(result -> repository.upsert(result.areas(), result.schools()))
        .compose(imported -> {
          areas.clear();
          seenVersion = imported.version();
          // Moving a school moves who may see its pupils: audited, with each move.
          return audit.record(repository.pool(), actor, "registry.imported", null, null,
                  RegistryJson.imported(imported).put("version", imported.version()), clock.now())
              .map(imported);
        })
        .onSuccess(imported -> {
          JsonObject counts = RegistryJson.imported(imported);
          log.info("event=registry_imported by={} areas={} schools={} moved={}", actor.username(),
              counts.getJsonObject("areas").encode(), counts.getJsonObject("schools").encode(), imported.moves().size());
        });
  }

  /** An area and its schools. */
  public record AreaSchools(Area area, List<School> schools) {}

  public Future<AreaSchools> schoolsOfArea(String areaCode) {
    return repository.area(areaCode).compose(area -> area.isEmpty() ? Future.failedFuture(areaNotFound(areaCode))
        : repository.schoolsOfArea(areaCode).map(schools -> new AreaSchools(area.get(), schools)));
  }

  /** Every area's code, in order. */
  public Future<List<String>> areaCodes() {
    return repository.areasWithCounts().map(rows -> rows.stream().map(a -> a.area().code()).sorted().toList());
  }

  /** Every area, with how many schools it has. */
  public Future<List<RegistryRepository.AreaWithSchools>> areas() {
    return repository.areasWithCounts();
  }

  /** A school and its area as the registry holds them. */
  public record SchoolInArea(School school, Optional<Area> area) {}

  public Future<SchoolInArea> school(String code) {
    return repository.school(code).compose(school -> school.isEmpty() ? Future.failedFuture(schoolNotFound(code))
        : repository.area(school.get().areaCode()).map(area -> new SchoolInArea(school.get(), area)));
  }

  /** The schools with these codes, by code; unknown codes are left out. */
  public Future<Map<String, School>> schools(Collection<String> codes) {
    if (codes.isEmpty()) return Future.succeededFuture(Map.of());
    return repository.schoolsByCode(codes.toArray(String[]::new)).map(list -> {
      Map<String, School> map = new HashMap<>();
      list.forEach(s -> map.put(s.code(), s));
      return map;
    });
  }

  /**
   * The schools named by codes as files write them, 10-digit or OBEC's 6-digit, keyed by the code as written;
   * codes naming no school are left out.
   */
  public Future<Map<String, School>> namedBy(Collection<String> codes) {
    return schools(codes).map(found -> {
      Map<String, School> named = new HashMap<>();
      for (String code : codes) {
        found.values().stream().filter(s -> s.isNamedBy(code)).findFirst().ifPresent(s -> named.put(code, s));
      }
      return named;
    });
  }

  @Override
  public Future<Optional<String>> schoolName(String schoolCode) {
    return repository.school(schoolCode).map(found -> found.map(School::nameTh));
  }

  /** The codes of an area's schools. */
  @Override
  public Future<Map<String, String>> areasOf(Collection<String> codes) {
    return schools(codes).map(found -> {
      Map<String, String> areas = new HashMap<>();
      found.forEach((code, school) -> areas.put(code, school.areaCode()));
      return areas;
    });
  }

  @Override
  public Future<List<String>> schoolCodesOfArea(String areaCode) {
    return repository.schoolsOfArea(areaCode).map(list -> list.stream().map(School::code).toList());
  }

  @Override
  public Future<Optional<String>> areaOf(String schoolCode) {
    CachedArea cached = areas.get(schoolCode);
    if (cached != null && System.nanoTime() - cached.loadedAt() < AREA_TTL_NANOS) {
      return Future.succeededFuture(cached.area());
    }
    return repository.school(schoolCode).map(s -> {
      Optional<String> area = s.map(School::areaCode);
      if (area.isPresent()) areas.put(schoolCode, new CachedArea(area, System.nanoTime()));
      return area;
    });
  }

  @Override
  public Future<Boolean> areaExists(String areaCode) {
    return repository.area(areaCode).map(Optional::isPresent);
  }

  static Problem areaNotFound(String code) {
    return Problem.notFound("AREA_NOT_FOUND", "No area has the code " + code + ".", "ไม่พบ สพท. รหัส " + code);
  }

  static Problem schoolNotFound(String code) {
    return Problem.notFound("SCHOOL_NOT_FOUND", "No school has the code " + code + ".", "ไม่พบโรงเรียนรหัส " + code);
  }

}
