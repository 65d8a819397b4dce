package th.obec.dmc.upload;

import th.obec.dmc.sheet.FlaggedRow;
import java.util.List;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.sheet.ErrorSheetWriter;
import th.obec.dmc.sheet.Specs;
import th.obec.dmc.sheet.WorkbookFile;

import java.util.UUID;

/** The errors workbook of an upload, written on the sheets pool from the rows the upload kept. */
public final class ErrorWorkbook {
  private final Specs specs;
  private final Workers workers;

  public ErrorWorkbook(Specs specs, Workers workers) {
    this.specs = specs;
    this.workers = workers;
  }

  Future<WorkbookFile> write(String holder, String kind, UUID id, Future<List<FlaggedRow>> rows) {
    return rows.compose(list -> workers.sheets(holder, () -> ErrorSheetWriter.write(specs.require(kind), list, id.toString())));
  }
}
