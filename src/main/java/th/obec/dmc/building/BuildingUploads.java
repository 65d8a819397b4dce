package th.obec.dmc.building;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.upload.Changes;
import th.obec.dmc.upload.UploadKind;
import th.obec.dmc.upload.Disclosure;
import th.obec.dmc.upload.ValidRow;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/** The B-OBEC buildings workbook, upserted by (school, building number); it clears the school's confirmation. */
public final class BuildingUploads implements UploadKind {
  private final SheetSpec spec;
  private final BuildingRepository buildings;
  private final ZoneId zone;

  public BuildingUploads(SheetSpec spec, BuildingRepository buildings, ZoneId zone) {
    this.spec = spec;
    this.buildings = buildings;
    this.zone = zone;
  }

  @Override public String name() { return "buildings"; }
  @Override public SheetSpec spec() { return spec; }
  @Override public Action action() { return Action.ENTER_BUILDINGS; }
  @Override public boolean areaStaffMayUpload() { return true; }

  @Override
  public RowKey rowKey() {
    return new RowKey(r -> r.get("building_no"), "building_no");
  }

  @Override
  public void checkRow(ValidRow row, CellErrors errors, Instant now) {
    int thisYearBe = now.atZone(zone).getYear() + ThaiDates.BE_OFFSET;
    if (Integer.parseInt(row.get("year_built")) > thisYearBe) {
      errors.add(row.error("year_built", "YEAR_BUILT_IN_FUTURE", "the year built is after this year (" + thisYearBe + ").",
          "ปีที่สร้างต้องไม่เกินปีปัจจุบัน (พ.ศ. " + thisYearBe + ")"));
    }
    // Only where the plan fixes a number of rooms; templates/buildings.json makes this a warning.
    String byPlan = row.get("rooms_by_plan");
    int special = row.get("special_rooms") == null ? 0 : Integer.parseInt(row.get("special_rooms"));
    if (byPlan != null && Integer.parseInt(row.get("rooms_in_use")) + special > Integer.parseInt(byPlan)) {
      errors.add(row.error("rooms_in_use", "ROOMS_ABOVE_PLAN",
          "rooms in use and special rooms add up to more than the plan's " + byPlan + "; check the counts.",
          "จำนวนห้องที่ใช้งานรวมห้องพิเศษมากกว่าจำนวนห้องตามแบบ (" + byPlan + " ห้อง) กรุณาตรวจสอบ"));
    }
  }

  @Override
  public Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                                Instant now) {
    return buildings.upsert(conn, schoolCode, rows, now);
  }
}
