package th.obec.dmc.sheet;

import org.junit.jupiter.api.Test;
import th.obec.dmc.support.Ids;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each cell type read the ways schools write it, and each refusal with its code. Pure: no server. */
class RowValidatorTest {
  private static final SheetSpec STUDENTS = SheetSpecs.load("students");
  private final RowValidator validator = new RowValidator(STUDENTS);

  private record Checked(String[] values, CellErrors errors) {
    String get(String key) {
      return values[STUDENTS.indexOf(key)];
    }

    List<String> codes() {
      List<String> codes = new java.util.ArrayList<>();
      errors.detailed().forEach(e -> codes.add(e.code() + ":" + e.column()));
      errors.warnings().detailed().forEach(e -> codes.add("warning " + e.code() + ":" + e.column()));
      return codes;
    }
  }

  private Checked check(Map<String, String> cells) {
    Map<String, String> row = new HashMap<>(Map.of("citizen_id", Ids.citizen(1), "prefix", "ด.ช.", "first_name", "ก",
        "last_name", "ข", "sex", "ช", "birth_date", "13/05/2555", "grade", "ป.4", "room", "1"));
    row.putAll(cells);
    row.values().removeIf(v -> v == null);
    CellErrors errors = new CellErrors(STUDENTS);
    return new Checked(validator.validate(new RawRow(3, row), errors), errors);
  }

  @Test
  void aPlainRowComesOutNormalised() {
    Checked c = check(Map.of());
    assertEquals(List.of(), c.codes());
    assertEquals("เด็กชาย", c.get("prefix"));
    assertEquals("M", c.get("sex"));
    assertEquals("2012-05-13", c.get("birth_date"), "BE 2555 is CE 2012");
  }

  @Test
  void citizenIdsNeedThirteenDigitsAndTheirCheckDigit() {
    assertEquals(List.of("INVALID_ID_CHECKSUM:citizen_id"), check(Map.of("citizen_id", Ids.mistyped(1))).codes());
    assertEquals(List.of("INVALID_ID_FORMAT:citizen_id"), check(Map.of("citizen_id", "12345")).codes());
    assertEquals("G000000000001", check(Map.of("citizen_id", "g000000000001")).get("citizen_id"));
    assertEquals(Ids.citizen(1), check(Map.of("citizen_id", Ids.citizen(1).substring(0, 1) + "-" + Ids.citizen(1).substring(1)))
        .get("citizen_id"));
  }

  @Test
  void datesInBuddhistOrCommonEraAndImpossibleDatesRefused() {
    assertEquals("2012-05-13", check(Map.of("birth_date", "13/05/2012")).get("birth_date"));
    assertEquals("2012-05-13", check(Map.of("birth_date", "2012-05-13")).get("birth_date"));
    assertEquals(List.of("INVALID_DATE:birth_date"), check(Map.of("birth_date", "31/02/2555")).codes());
  }

  @Test
  void numbersWithinTheirRange() {
    assertEquals("25.5", check(Map.of("weight_kg", "25.50")).get("weight_kg"));
    assertEquals(List.of("OUT_OF_RANGE:weight_kg"), check(Map.of("weight_kg", "900")).codes());
    assertEquals(List.of("INVALID_NUMBER:age_years"), check(Map.of("age_years", "7.5")).codes());
    assertEquals("15000", check(Map.of("father_income", "15,000")).get("father_income"));
  }

  @Test
  void codesByAnySpellingAndNoneWordsAsBlank() {
    assertEquals("09", check(Map.of("disadvantage", "เด็กยากจน")).get("disadvantage"));
    assertEquals("09", check(Map.of("disadvantage", "ยากจน")).get("disadvantage"));
    assertEquals("03", check(Map.of("disadvantage", "เด็กถูกทอดทิ้ง/กำพร้า")).get("disadvantage"));
    assertNull(check(Map.of("disadvantage", "ปกติ")).get("disadvantage"));
    assertNull(check(Map.of("disability", "ไม่มี")).get("disability"));
    assertEquals("08", check(Map.of("disability", "ออทิสติค")).get("disability"));
    assertEquals("09", check(Map.of("disability", "บกพร่องซ้อน")).get("disability"));
    assertEquals("ม.1", check(Map.of("grade", "มัธยมศึกษาปีที่ 1", "birth_date", "13/05/2553")).get("grade"));
  }

  @Test
  void aValueOutsideAnOpenListIsKeptAsOtherWithItsTextAndOnlyWarned() {
    Checked c = check(Map.of("nationality", "อินเดีย"));
    assertEquals("99", c.get("nationality"));
    assertEquals("อินเดีย", c.get("nationality_other"));
    assertEquals(List.of("warning OTHER_VALUE:nationality"), c.codes());
    assertTrue(c.errors().isEmpty(), "never blocks the file");
    assertNull(check(Map.of("nationality", "ไทย")).get("nationality_other"));
  }

  @Test
  void schoolCodesOfTenEightOrSixDigits() {
    assertEquals("1040010001", check(Map.of("school_code", "40010001")).get("school_code"), "SMIS: the 10 without 10");
    assertEquals("1040010001", check(Map.of("school_code", "1040010001")).get("school_code"));
    assertEquals("401001", check(Map.of("school_code", "401001")).get("school_code"), "OBEC's, resolved later");
    assertEquals(List.of("INVALID_SCHOOL_CODE:school_code"), check(Map.of("school_code", "4001")).codes());
  }

  @Test
  void textRulesControlCharactersFormulasAndLength() {
    assertEquals(List.of("FORMULA_PREFIX:first_name"), check(Map.of("first_name", "=1+2")).codes());
    assertEquals(List.of("INVALID_CHARACTER:last_name"), check(Map.of("last_name", "a\u0007b")).codes());
    assertEquals(List.of("TOO_LONG:room"), check(Map.of("room", "12345678901")).codes());
    Map<String, String> noRoom = new HashMap<>();
    noRoom.put("room", null);
    assertEquals(List.of("REQUIRED:room"), check(noRoom).codes());
  }

  /** Issue 30: dates as Thai Excel and clerks write them; each comes out as the ISO date it meant. */
  @Test
  void thaiDatesAsClerksWriteThem() {
    assertEquals("2012-01-01", check(Map.of("birth_date", "1 ม.ค. 2555")).get("birth_date"));
    assertEquals("2012-01-01", check(Map.of("birth_date", "1 มกราคม 2555")).get("birth_date"));
    assertEquals("2012-01-01", check(Map.of("birth_date", "1 มกราคม พ.ศ. 2555")).get("birth_date"));
    assertEquals("2012-01-01", check(Map.of("birth_date", "1/1/2555 0:00")).get("birth_date"));
    assertEquals("2012-05-13", check(Map.of("birth_date", "2012-05-13 00:00:00")).get("birth_date"));
    Checked twoDigits = check(Map.of("birth_date", "13/05/55"));
    assertEquals("2012-05-13", twoDigits.get("birth_date"), "55 is BE 2555");
    assertEquals(List.of("warning TWO_DIGIT_YEAR:birth_date"), twoDigits.codes());
    // A date serial in a date column is a date whatever Excel's format (41042 is 13 May 2012).
    assertEquals("2012-05-13", check(Map.of("birth_date", "41042")).get("birth_date"));
    assertEquals("2012-05-13", check(Map.of("birth_date", "41042.0")).get("birth_date"));
    // What the gateway writes, it reads back.
    assertEquals(java.time.LocalDate.of(2023, 11, 10), CellTypes.date(th.obec.dmc.calendar.ThaiDates.thaiDate(
        java.time.LocalDate.of(2023, 11, 10))));
    assertEquals(java.time.LocalDate.of(2023, 11, 10), CellTypes.date("10 พ.ย. 2566"));
  }

  /** Issue 30: IDs Excel mangled, and the apostrophe that kept one as text. */
  @Test
  void idsExcelMangledAreRestoredOrRefusedSayingWhy() {
    String zero = Ids.withLeadingZero();
    Checked restored = check(Map.of("citizen_id", zero.substring(1)));
    assertEquals(zero, restored.get("citizen_id"), "the leading 0 is back");
    assertEquals(List.of("warning ID_LEADING_ZERO_RESTORED:citizen_id"), restored.codes());
    Checked shown = check(Map.of("citizen_id", "1.10E+12"));
    assertEquals(List.of("ID_SHOWN_AS_NUMBER:citizen_id"), shown.codes());
    assertTrue(shown.errors().detailed().get(0).messageEn().contains("format the column as text"));
  }

  /** Issue 30: a class in one cell, DMC's sex codes, a novice monk, and a grade DMC does not count. */
  @Test
  void classesSexesPrefixesAndPreKindergarten() {
    Map<String, String> oneCell = new HashMap<>();
    oneCell.put("grade", "ม.1/3");
    oneCell.put("room", null);
    oneCell.put("birth_date", "13/05/2554");
    Checked split = check(oneCell);
    assertEquals("ม.1", split.get("grade"));
    assertEquals("3", split.get("room"));
    assertEquals(List.of("CLASS_ROOM_MISMATCH:room"), check(Map.of("grade", "ป.2/1", "room", "2")).codes());
    assertEquals("ป.2", check(Map.of("grade", "ป.2/1", "room", "1")).get("grade"));
    assertEquals("M", check(Map.of("sex", "1")).get("sex"));
    assertEquals("F", check(Map.of("sex", "2", "prefix", "ด.ญ.")).get("sex"));
    assertEquals("สามเณร", check(Map.of("prefix", "สามเณร")).get("prefix"));
    Checked preK = check(Map.of("grade", "เตรียมอนุบาล"));
    assertEquals(List.of("NOT_COUNTED_IN_DMC:grade"), preK.codes());
    assertTrue(preK.errors().detailed().get(0).messageTh().contains("ไม่นับ"));
  }

  /** Issue 30: the DMC form's wordings of disadvantage and disability map to their codes, not to "other". */
  @Test
  void theFormsShortWordingsMapToTheirCodes() {
    assertEquals("01", check(Map.of("disadvantage", "ถูกบังคับขายแรงงาน")).get("disadvantage"));
    assertEquals("06", check(Map.of("disadvantage", "ผลกระทบจากเอดส์")).get("disadvantage"));
    assertEquals("12", check(Map.of("disadvantage", "กำพร้า")).get("disadvantage"));
    assertEquals("13", check(Map.of("disadvantage", "ทำงานรับผิดชอบตนเองและครอบครัว")).get("disadvantage"));
    assertEquals("03", check(Map.of("disadvantage", "เด็กถูกทอดทิ้ง")).get("disadvantage"));
    assertEquals("01", check(Map.of("disability", "การมองเห็น")).get("disability"));
    assertEquals("02", check(Map.of("disability", "การได้ยิน")).get("disability"));
    assertEquals("03", check(Map.of("disability", "สติปัญญา")).get("disability"));
    assertEquals("04", check(Map.of("disability", "ร่างกายหรือสุขภาพ")).get("disability"));
    assertEquals("05", check(Map.of("disability", "การเรียนรู้")).get("disability"));
    assertEquals("15", check(Map.of("travel_minutes", "15 นาที")).get("travel_minutes"));
    assertEquals("2.5", check(Map.of("distance_paved_km", "2.5 กม.")).get("distance_paved_km"));
    assertEquals("Y", check(Map.of("boarding", "พักนอน")).get("boarding"));
    assertEquals("N", check(Map.of("boarding", "ไม่พักนอน")).get("boarding"));
    assertEquals("Y", check(Map.of("lacks_uniform", "ขาดแคลน")).get("lacks_uniform"));
  }
}
