package th.obec.dmc.building;

import java.time.Instant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.ReportFile;
import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/** The rules of B-OBEC records beyond the upload: a school's confirmation, and the area's and OBEC's views. */
public final class BuildingService {
  private final BuildingRepository buildings;
  private final RegistryService registry;
  private final BusinessClock clock;
  private final Workers workers;
  private final SheetSpec summarySpec;
  private final ZoneId zone;

  public BuildingService(BuildingRepository buildings, RegistryService registry, BusinessClock clock, Workers workers,
                         SheetSpec summarySpec, ZoneId zone) {
    this.buildings = buildings;
    this.registry = registry;
    this.clock = clock;
    this.workers = workers;
    this.summarySpec = summarySpec;
    this.zone = zone;
  }

  Future<List<BuildingRepository.Building>> list(String school) {
    return buildings.list(school);
  }

  /** A school's confirmation of its buildings. */
  record Confirmed(String schoolCode, long buildings, Instant at, String by) {
    JsonObject toJson() {
      return new JsonObject().put("schoolCode", schoolCode).put("buildings", buildings)
          .put("confirmedAt", at.toString()).put("confirmedBy", by);
    }
  }

  /** Each school of an area with its buildings and whether it has confirmed them. */
  record Progress(String areaCode, List<BuildingRepository.Confirmation> schools) {
    JsonObject toJson() {
      JsonArray items = new JsonArray();
      int confirmed = 0;
      for (BuildingRepository.Confirmation c : schools) {
        boolean done = c.confirmedAt() != null;
        if (done) confirmed++;
        items.add(new JsonObject().put("schoolCode", c.schoolCode()).put("buildings", c.buildings())
            .put("confirmed", done).put("confirmedAt", done ? c.confirmedAt().toString() : null)
            .put("confirmedBy", c.confirmedBy()));
      }
      return new JsonObject().put("areaCode", areaCode).put("items", items).put("total", schools.size())
          .put("confirmed", confirmed);
    }
  }

  /** Confirms the school's buildings as they stand; a school with none has nothing to confirm. */
  Future<Confirmed> confirm(String school, String by) {
    return buildings.count(school).compose(n -> n == 0
        ? Future.failedFuture(Problem.conflict("NO_BUILDINGS",
            "There are no building records to confirm; upload them first.", "ยังไม่มีข้อมูลอาคาร กรุณาส่งข้อมูลอาคารก่อนยืนยัน"))
        : buildings.confirm(school, by, clock.now()).map(at -> new Confirmed(school, n, at, by)));
  }

  Future<Progress> progress(String area) {
    return registry.schoolCodesOfArea(area).compose(buildings::progress).map(rows -> new Progress(area, rows));
  }

  Future<ReportFile> areaWorkbook(String holder, String area) {
    return registry.schoolCodesOfArea(area)
        .compose(codes -> summaryWorkbook(holder, codes, "สพท. " + area, "buildings-" + area + ".xlsx", "อาคาร-" + area + ".xlsx"));
  }

  Future<ReportFile> nationalWorkbook(String holder) {
    return summaryWorkbook(holder, null, "ทั้งประเทศ", "buildings-national.xlsx", "อาคาร-ทั้งประเทศ.xlsx");
  }

  /** One row per school with buildings; {@code schools} null for the whole country. */
  private Future<ReportFile> summaryWorkbook(String holder, List<String> schools, String scope, String ascii, String thai) {
    int thisYearBe = clock.now().atZone(zone).getYear() + ThaiDates.BE_OFFSET;
    return buildings.summary(schools, thisYearBe).compose(rows -> {
      List<String> codes = rows.stream().map(BuildingRepository.SchoolSummary::schoolCode).toList();
      return registry.schools(codes).compose(registered -> workers.sheets(holder, () -> {
        ReportWriter w = new ReportWriter();
        w.sheet(summarySpec.sheetNameTh(), summarySpec.titleTh() + " " + scope, summarySpec.columns());
        for (BuildingRepository.SchoolSummary r : rows) {
          var school = registered.get(r.schoolCode());
          w.row(Arrays.asList(r.schoolCode(), school == null ? "" : school.areaCode(), r.buildings(), r.classroom(),
              r.multipurpose(), r.teacherHouse(), r.toilet(), r.otherCategory(), r.good(), r.fair(), r.damaged(),
              r.dilapidated(), r.roomsByPlan(), r.roomsInUse(), r.averageAge()));
        }
        return ReportFile.of(w, ascii, thai);
      }));
    });
  }
}
