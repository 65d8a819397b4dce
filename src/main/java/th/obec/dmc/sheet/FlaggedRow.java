package th.obec.dmc.sheet;

import io.vertx.core.json.JsonObject;

/**
 * A row of an upload that the errors workbook shows: its row in its sheet (the sheet named when the file had
 * several), its cells as uploaded, and its errors and warnings by column key (Thai / English messages).
 */
public record FlaggedRow(int row, String sheet, JsonObject cells, JsonObject errors, JsonObject warnings) {}
