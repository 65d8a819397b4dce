package th.obec.dmc.sheet;

import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Problem;

/** The refusals of a file too large or too strange to read, each naming where it stopped. */
final class SheetProblems {
  private SheetProblems() {}

  static Problem tooManyRows(int maxRows) {
    return new Problem(413, "TOO_MANY_ROWS", "Content too large",
        "The file has more than " + maxRows + " data rows (blank rows count too). Split it and upload each part.",
        "ไฟล์มีข้อมูลเกิน " + maxRows + " แถว (นับรวมแถวว่าง) กรุณาแบ่งไฟล์แล้วส่งทีละส่วน");
  }

  static Problem tooManySheets(int maxSheets) {
    return new Problem(413, "TOO_MANY_SHEETS", "Content too large",
        "The workbook has more than " + maxSheets + " sheets. Keep the roll's sheets and delete the others.",
        "ไฟล์มีแผ่นงานเกิน " + maxSheets + " แผ่น กรุณาเก็บเฉพาะแผ่นงานรายชื่อแล้วลบแผ่นงานอื่น");
  }

  static Problem tooManyColumns(int row, String column, int maxColumns) {
    return new Problem(413, "TOO_MANY_COLUMNS", "Content too large",
        "Row " + row + " has a cell in column " + column + "; at most " + maxColumns + " columns are read."
            + " Delete the columns to the right of the data.",
        "แถวที่ " + row + " มีข้อมูลในคอลัมน์ " + column + " ระบบรับได้ไม่เกิน " + maxColumns
            + " คอลัมน์ กรุณาลบคอลัมน์ที่อยู่ทางขวาของข้อมูล",
        new JsonObject().put("row", row).put("column", column));
  }

  static Problem cellTooLong(int row, String column) {
    return new Problem(422, "CELL_TOO_LONG", "Unprocessable content",
        "Row " + row + (column == null ? "" : ", column " + column) + " holds more than "
            + SheetLimits.MAX_CELL_CHARS + " characters, Excel's own limit for a cell.",
        "แถวที่ " + row + (column == null ? "" : " คอลัมน์ " + column) + " มีข้อความยาวเกิน "
            + SheetLimits.MAX_CELL_CHARS + " ตัวอักษร ซึ่งเกินขีดจำกัดของ Excel",
        new JsonObject().put("row", row).put("column", column));
  }

  static Problem tooManyStrings(String what) {
    return new Problem(413, "TOO_MANY_STRINGS", "Content too large",
        "The workbook's table of texts is too large (" + what + "). Copy the data into the template and upload again.",
        "ตารางข้อความของไฟล์มีขนาดใหญ่เกินไป (" + what + ") กรุณาคัดลอกข้อมูลลงในแบบฟอร์มแล้วส่งใหม่");
  }

  static Problem stylesTooLarge(int maxBytes) {
    return new Problem(413, "STYLES_TOO_LARGE", "Content too large",
        "The workbook's styles part is larger than " + maxBytes + " bytes. Copy the data into the template and upload again.",
        "ส่วนรูปแบบ (styles) ของไฟล์ใหญ่เกิน " + maxBytes + " ไบต์ กรุณาคัดลอกข้อมูลลงในแบบฟอร์มแล้วส่งใหม่");
  }

  static Problem recordTooLong(int row, int maxChars) {
    return new Problem(413, "RECORD_TOO_LONG", "Content too large",
        "Row " + row + " of the CSV file is longer than " + maxChars
            + " characters; a quote may be missing its closing quote.",
        "แถวที่ " + row + " ของไฟล์ CSV ยาวเกิน " + maxChars + " ตัวอักษร อาจมีเครื่องหมายคำพูด (\") ที่ไม่ได้ปิด",
        new JsonObject().put("row", row));
  }

  static Problem controlCharacter(int row, int codePoint) {
    String hex = String.format("U+%04X", codePoint);
    return Problem.unprocessable("CONTROL_CHARACTER",
        "Row " + row + " holds the control character " + hex + ", which a text file must not contain."
            + " Save the file again as CSV UTF-8 from Excel.",
        "แถวที่ " + row + " มีอักขระควบคุม " + hex + " ซึ่งไม่ควรอยู่ในไฟล์ข้อความ กรุณาบันทึกไฟล์ใหม่เป็น CSV UTF-8 จาก Excel",
        new JsonObject().put("row", row).put("character", hex));
  }

  static Problem unsupported() {
    return new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type",
        "This is not an .xlsx, .xls or .csv file.",
        "ไฟล์นี้ไม่ใช่ .xlsx .xls หรือ .csv กรุณาใช้แบบฟอร์มของระบบ");
  }
}
