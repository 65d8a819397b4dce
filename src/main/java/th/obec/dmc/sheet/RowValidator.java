package th.obec.dmc.sheet;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks a row against its column spec: required cells, lengths, types, ranges, patterns and codes
 * (any label or alias becomes the stored code). Values come out normalised: dates ISO in CE, numbers
 * plain, IDs without dashes, BE years as BE. Rules that span columns or rows belong to the domain.
 */
public final class RowValidator {
  private final SheetSpec spec;

  public RowValidator(SheetSpec spec) {
    this.spec = spec;
  }

  public SheetSpec spec() {
    return spec;
  }

  /**
   * The row's values normalised by the spec, in the order of its columns (null where blank or bad);
   * problems go to {@code errors}. An array, not a map: a 100,000-row upload keeps every row in memory.
   */
  public String[] validate(RawRow given, CellErrors errors) {
    RawRow row = withinSplit(given, errors);
    String[] clean = new String[spec.storedKeys().size()];
    for (int i = 0; i < spec.columns().size(); i++) {
      ColumnSpec c = spec.columns().get(i);
      String value = row.get(c.key());
      if (value != null && c.isNone(value)) value = null;
      if (value == null) {
        if (c.required()) {
          errors.add(CellError.of(row, c, null, "REQUIRED", c.headerEn() + " is required.", "ต้องกรอก" + c.headerTh()));
        }
        continue;
      }
      clean[i] = normalise(row, c, value, errors);
      if (c.otherCode().isPresent() && c.otherCode().get().equals(clean[i]) && code(c, value) == null) {
        clean[spec.indexOf(c.otherKey())] = value;
      }
    }
    return clean;
  }

  /**
   * A value written inside another column after a slash ("ม.1/3" in the grade column: grade ม.1, room 3) moved to
   * its own column, when that one is blank or absent; when both are written and disagree, an error naming both.
   */
  private RawRow withinSplit(RawRow row, CellErrors errors) {
    RawRow split = row;
    for (ColumnSpec c : spec.columns()) {
      if (c.within().isEmpty()) continue;
      ColumnSpec host = spec.require(c.within().get());
      String hostValue = split.get(host.key());
      int slash = hostValue == null ? -1 : hostValue.lastIndexOf('/');
      if (slash <= 0 || code(host, hostValue) != null || code(host, hostValue.substring(0, slash)) == null) continue;
      String part = hostValue.substring(slash + 1).strip();
      String own = split.get(c.key());
      if (part.isEmpty()) continue;
      Map<String, String> values = new LinkedHashMap<>(split.values());
      values.put(host.key(), hostValue.substring(0, slash).strip());
      Set<String> columns = new HashSet<>(split.columns());
      columns.add(c.key());
      if (own == null || own.equals(part)) {
        values.put(c.key(), part);
      } else {
        errors.add(CellError.of(row, c, own, "CLASS_ROOM_MISMATCH",
            host.headerEn() + " says " + hostValue + " but " + c.headerEn() + " says " + own + "; correct one of them.",
            host.headerTh() + " ระบุ " + hostValue + " แต่" + c.headerTh() + " ระบุ " + own + " กรุณาแก้ไขให้ตรงกัน"));
      }
      split = new RawRow(row.rowNumber(), values, columns);
    }
    return split;
  }

  private static String normalise(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    int bad = badCharacter(value);
    if (bad >= 0) {
      String hex = String.format("U+%04X", bad);
      errors.add(CellError.of(row, c, value, "INVALID_CHARACTER",
          "holds the character " + hex + ", which is a control or non-character code; retype the value.",
          "มีอักขระ " + hex + " ซึ่งเป็นอักขระควบคุมหรืออักขระที่ใช้ไม่ได้ กรุณาพิมพ์ค่านี้ใหม่"));
      return null;
    }
    if (c.name() && "=+-@".indexOf(value.charAt(0)) >= 0) {
      errors.add(CellError.of(row, c, value, "FORMULA_PREFIX",
          "may not begin with =, +, - or @ (a spreadsheet would read it as a formula).",
          "ห้ามขึ้นต้นด้วย = + - หรือ @ (โปรแกรมตารางคำนวณจะอ่านเป็นสูตร)"));
      return null;
    }
    if (value.length() > c.maxLength()) {
      errors.add(CellError.of(row, c, value, "TOO_LONG", "longer than " + c.maxLength() + " characters.",
          "ยาวเกิน " + c.maxLength() + " ตัวอักษร"));
      return null;
    }
    return switch (c.type()) {
      case "citizen-id" -> citizenId(row, c, value, errors);
      case "school-code" -> schoolCode(row, c, value, errors);
      case "date" -> date(row, c, value, errors);
      case "integer", "decimal", "year-be" -> number(row, c, value, errors);
      case "code" -> c.codes().isEmpty() ? matches(row, c, value, errors) : code(row, c, value, errors);
      default -> matches(row, c, value, errors);
    };
  }

  /** A citizen ID or G-code; 12 digits whose leading 0 Excel dropped are restored, with a warning. */
  private static String citizenId(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    String id = CellTypes.personId(value);
    if (id == null && CellTypes.isScientific(value)) {
      errors.add(CellError.of(row, c, value, "ID_SHOWN_AS_NUMBER",
          "Excel turned this ID into a number and dropped digits; format the column as text and type it again.",
          "Excel แปลงเลขประจำตัวนี้เป็นตัวเลขและตัดบางหลักทิ้งไป กรุณาตั้งรูปแบบคอลัมน์เป็นข้อความ (Text) แล้วพิมพ์ใหม่"));
      return null;
    }
    String restored = CellTypes.leadingZeroRestored(value);
    if (id == null && restored != null) {
      errors.add(CellError.of(row, c, value, "ID_LEADING_ZERO_RESTORED",
          "has 12 digits: Excel dropped the leading 0 of an ID typed as a number; it was stored as " + restored + ".",
          "มี 12 หลัก Excel ตัดเลข 0 หน้าเลขประจำตัวที่พิมพ์เป็นตัวเลข ระบบบันทึกเป็น " + restored));
      return restored;
    }
    if (id == null) {
      errors.add(CellError.of(row, c, value, "INVALID_ID_FORMAT",
          "must be a 13-digit citizen ID or a G-code (G and 12 digits).",
          "ต้องเป็นเลขประจำตัวประชาชน 13 หลัก หรือรหัส G ตามด้วยตัวเลข 12 หลัก"));
      return null;
    }
    if (!CellTypes.citizenIdChecksumOk(id)) {
      errors.add(CellError.of(row, c, value, "INVALID_ID_CHECKSUM",
          "the check digit (last digit) does not match: the ID is mistyped.",
          "เลขตรวจสอบ (หลักสุดท้าย) ไม่ถูกต้อง เลขประจำตัวประชาชนอาจพิมพ์ผิด"));
      return null;
    }
    return id;
  }

  private static String schoolCode(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    String code = schoolCode(value);
    if (code == null) {
      errors.add(CellError.of(row, c, value, "INVALID_SCHOOL_CODE",
          "must be the school's 10-digit code, its 8-digit SMIS code or its 6-digit OBEC code.",
          "ต้องเป็นรหัสโรงเรียน 10 หลัก รหัส SMIS 8 หลัก หรือรหัส สพฐ. 6 หลัก"));
    }
    return code;
  }

  /** A date as clerks write it (BE or CE, Thai months, an Excel serial); a two-digit year is read, with a warning. */
  private static String date(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    LocalDate date = CellTypes.date(value);
    if (date == null) date = CellTypes.excelSerial(value);
    if (date != null && CellTypes.twoDigitYear(value)) {
      errors.add(CellError.of(row, c, value, "TWO_DIGIT_YEAR",
          "the year has two digits and was read as BE 25" + value.substring(value.length() - 2)
              + " (" + date + "); write the year in four digits if that is not what you meant.",
          "ปีมีเพียง 2 หลัก ระบบอ่านเป็น พ.ศ. 25" + value.substring(value.length() - 2)
              + " หากไม่ใช่ กรุณากรอกปีให้ครบ 4 หลัก"));
    }
    if (date == null) {
      errors.add(CellError.of(row, c, value, "INVALID_DATE",
          "is not a date; write dd/mm/yyyy, e.g. 13/05/2555 (BE) or 13/05/2012.",
          "ไม่ใช่วันที่ที่ถูกต้อง กรุณากรอกแบบ วว/ดด/ปปปป เช่น 13/05/2555"));
      return null;
    }
    return date.toString();
  }

  /** A value of a code list: its code; off the list, kept as "other", refused with its own note, or unknown. */
  private static String code(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    String code = code(c, value);
    if (code != null) return code;
    if (c.otherCode().isPresent()) {
      errors.add(CellError.of(row, c, value, "OTHER_VALUE",
          "is not on the list; it is kept as written under \"" + c.label(c.otherCode().get()) + "\" for the area office to check.",
          "ไม่อยู่ในรายการ ระบบเก็บไว้ตามที่กรอกในกลุ่ม \"" + c.label(c.otherCode().get()) + "\" ให้ สพท. ตรวจสอบ"));
      return c.otherCode().get();
    }
    if (c.otherAllowed()) {
      errors.add(CellError.of(row, c, value, "OTHER_VALUE", "is not one of the usual values; check it.",
          "ไม่ใช่ค่าที่ใช้ทั่วไป กรุณาตรวจสอบ"));
      return value;
    }
    if (c.refused().isPresent() && c.refused().get().matches(value)) {
      errors.add(CellError.of(row, c, value, "NOT_COUNTED_IN_DMC", c.refused().get().en(), c.refused().get().th()));
      return null;
    }
    String allowed = String.join(", ", c.codes().stream().map(CodeOption::labelTh).toList());
    errors.add(CellError.of(row, c, value, "UNKNOWN_CODE", "must be one of: " + allowed + ".",
        "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: " + allowed));
    return null;
  }

  private static String matches(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    if (c.pattern().isPresent() && !c.pattern().get().matcher(value).matches()) {
      errors.add(CellError.of(row, c, value, "INVALID_FORMAT", "has the wrong format. " + c.help(),
          "รูปแบบไม่ถูกต้อง " + c.help()));
      return null;
    }
    return value;
  }

  private static String number(RawRow row, ColumnSpec c, String value, CellErrors errors) {
    BigDecimal n = CellTypes.number(value);
    boolean whole = !c.type().equals("decimal");
    if (n == null || (whole && n.stripTrailingZeros().scale() > 0)) {
      errors.add(CellError.of(row, c, value, "INVALID_NUMBER",
          whole ? "must be a whole number." : "must be a number.",
          whole ? "ต้องเป็นจำนวนเต็ม" : "ต้องเป็นตัวเลข"));
      return null;
    }
    if (c.type().equals("year-be") && n.intValue() < 2400) n = n.add(BigDecimal.valueOf(543));
    if (c.type().equals("year-be") && (n.intValue() < 2400 || n.intValue() > 2700)) {
      errors.add(CellError.of(row, c, value, "INVALID_YEAR", "must be a year in the Buddhist Era, e.g. 2535.",
          "ต้องเป็นปี พ.ศ. เช่น 2535"));
      return null;
    }
    if (c.min().isPresent() && n.compareTo(c.min().get()) < 0 || c.max().isPresent() && n.compareTo(c.max().get()) > 0) {
      String range = c.min().map(BigDecimal::toPlainString).orElse("") + "-" + c.max().map(BigDecimal::toPlainString).orElse("");
      errors.add(CellError.of(row, c, value, "OUT_OF_RANGE", "must be within " + range + ".",
          "ต้องอยู่ระหว่าง " + range));
      return null;
    }
    return whole ? n.toBigInteger().toString() : n.stripTrailingZeros().toPlainString();
  }

  /**
   * A school code as schools write it: 10 digits (the registry's), 8 (SMIS: the 10 without the affiliation's
   * leading "10", which it gets back) or 6 (OBEC's own code, kept as written for the registry to resolve).
   */
  public static String schoolCode(String value) {
    String digits = value.replace("-", "").replace(" ", "");
    for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return null;
    return switch (digits.length()) {
      case 10, 6 -> digits;
      case 8 -> "10" + digits;
      default -> null;
    };
  }

  /** The first control character, non-character (U+FFFE, U+FFFF) or unpaired surrogate, or -1. */
  public static int badCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch < 0x20 || (ch >= 0x7F && ch <= 0x9F) || ch == '\uFFFE' || ch == '\uFFFF') return ch;
      if (Character.isHighSurrogate(ch)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return ch;
      }
      if (Character.isLowSurrogate(ch)) return ch;
    }
    return -1;
  }

  /** Any code, Thai label, English label or alias, ignoring case, spaces and dots: "ป 1", "ป1", "ประถมศึกษาปีที่ 1". */
  public static String code(ColumnSpec c, String value) {
    return c.codeLookup().get(ColumnSpec.fold(value));
  }
}
