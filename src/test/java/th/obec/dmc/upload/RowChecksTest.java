package th.obec.dmc.upload;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import th.obec.dmc.calendar.Action;
import th.obec.dmc.sheet.CellError;
import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.CheckedRow;
import th.obec.dmc.sheet.RawRow;
import th.obec.dmc.sheet.RowValidator;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.SheetSpecs;
import th.obec.dmc.support.Ids;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A row is judged by its own errors, whatever the event loop adds for other rows meanwhile. */
class RowChecksTest {
  private static final SheetSpec STUDENTS = SheetSpecs.load("students");

  /**
   * A kind whose own check of row 4 happens just as the database checks of an earlier batch add an error for
   * row 2: the moment the race of counting errors lost.
   */
  private static final class RacingKind implements UploadKind {
    private final ParsedUpload parsed;

    RacingKind(ParsedUpload parsed) {
      this.parsed = parsed;
    }

    @Override public String name() { return "students"; }
    @Override public SheetSpec spec() { return STUDENTS; }
    @Override public Action action() { return Action.UPDATE_STUDENTS; }
    @Override public boolean areaStaffMayUpload() { return false; }
    @Override public RowKey rowKey() { return new RowKey(r -> r.get("citizen_id"), "citizen_id"); }

    @Override
    public void checkRow(ValidRow row, CellErrors errors, Instant now) {
      if (row.rowNumber() == 4) {
        parsed.errors.add(CellError.of(2, STUDENTS.require("citizen_id"), "x", "ACTIVE_IN_OTHER_SCHOOL", "en", "th"));
      }
    }

    @Override
    public Future<Void> checkAll(String schoolCode, List<ValidRow> rows, CellErrors errors, List<Disclosure> disclosed) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Changes> commit(SqlConnection conn, String schoolCode, UUID uploadId, List<ValidRow> rows, String actor,
                                  Instant now) {
      return Future.succeededFuture(Changes.NONE);
    }
  }

  private static RawRow student(int row, long id) {
    return new RawRow(row, Map.of("citizen_id", Ids.citizen(id), "prefix", "ด.ช.", "first_name", "ก", "last_name", "ข",
        "sex", "ช", "birth_date", "13/05/2556", "grade", "ป.4", "room", "1"));
  }

  @Test
  void aGoodRowStaysGoodWhileErrorsOfOtherRowsArrive() {
    ParsedUpload parsed = new ParsedUpload(STUDENTS);
    List<Integer> sent = new ArrayList<>();
    RowChecks checks = new RowChecks(new RacingKind(parsed), parsed, row -> sent.add(row.rowNumber()),
        Instant.parse("2023-11-01T03:00:00Z"));
    RowValidator validator = new RowValidator(STUDENTS);
    for (RawRow raw : List.of(student(3, 1), student(4, 2), student(5, 2))) {
      checks.accept(new CheckedRow(raw, validator.validate(raw, parsed.errors)));
    }
    assertEquals(List.of(3, 4), sent, "row 4 is good and goes on to the database");
    assertEquals(List.of(2, 5), parsed.errors.detailed().stream().map(CellError::row).sorted().toList(),
        "row 5 repeats row 4's student: caught only because row 4 was taken as good");
  }
}
