package th.obec.dmc.sheet;

import org.junit.jupiter.api.Test;
import th.obec.dmc.support.Ids;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which column is which, from headers as schools' files write them. Pure: no server, no database. */
class HeaderMatcherTest {
  private static final SheetSpec STUDENTS = SheetSpecs.load("students");
  private final HeaderMatcher matcher = new HeaderMatcher(STUDENTS);

  private static List<String> row(String... cells) {
    return Arrays.asList(cells);
  }

  @Test
  void theTemplatesOwnHeadersTheirEnglishAndTheirKeysAllMatch() {
    var m = matcher.match(row("เลขประจำตัวประชาชน", "Student number", "prefix", "ชื่อ\nFirst name"));
    assertEquals(Map.of(0, "citizen_id", 1, "student_number", 2, "prefix", 3, "first_name"), m.keys());
    assertFalse(m.needsData());
  }

  @Test
  void aTrailingNoteIsNotPartOfTheHeader() {
    var m = matcher.match(row("รหัสโรงเรียน ต้องกรอก", "ชื่อ (บังคับ)", "นามสกุล*", "วันเกิด (วว/ดด/ปปปป)", "ห้อง (ถ้ามี)"));
    assertEquals(Map.of(0, "school_code", 1, "first_name", 2, "last_name", 3, "birth_date", 4, "room"), m.keys());
  }

  @Test
  void aParenthesisThatIsNotANoteStaysPartOfTheHeader() {
    var m = matcher.match(row("ชื่อ", "ชื่อ (อังกฤษ)", "นามสกุล (อังกฤษ)"));
    assertEquals(Map.of(0, "first_name", 1, "first_name_en", 2, "last_name_en"), m.keys());
  }

  @Test
  void unknownHeadersAndRepeatsWithoutASecondMeaningAreListedAsIgnored() {
    var m = matcher.match(row("ชื่อโรงเรียน", "จำนวนพี่ชาย", "เกรดเฉลี่ย", "จำนวนพี่ชาย"));
    assertEquals(Map.of(1, "older_brothers"), m.keys());
    assertEquals(List.of("ชื่อโรงเรียน", "เกรดเฉลี่ย", "จำนวนพี่ชาย"), m.ignored());
  }

  @Test
  void aSecondCopyOfAnAddressHeaderIsTheCurrentAddress() {
    var m = matcher.match(row("บ้านเลขที่", "ตำบล", "บ้านเลขที่", "ตำบล"));
    assertEquals(Map.of(0, "house_no", 1, "subdistrict", 2, "current_house_no", 3, "current_subdistrict"), m.keys());
  }

  @Test
  void theRepeatedStudentNumberHeaderIsDecidedByWhatItsColumnHoldsNotByOrder() {
    List<String> header = row("เลขประจำตัวนักเรียน", "ชื่อ", "เลขประจำตัวนักเรียน");
    var m = matcher.match(header);
    assertTrue(m.needsData(), "the header row alone cannot tell");
    // Here the student numbers come first and the citizen IDs (one a G-code) second.
    List<List<String>> sample = new ArrayList<>();
    sample.add(row("10001", "ก", Ids.citizen(1)));
    sample.add(row("10002", "ข", "G000000000002"));
    sample.add(row("-", "ค", Ids.citizen(3)));
    var decided = matcher.decide(m, sample);
    assertEquals(Map.of(0, "student_number", 1, "first_name", 2, "citizen_id"), decided.keys());
    // And the other way round, as the portal writes it.
    var portal = matcher.decide(m, List.of(row(Ids.citizen(1), "ก", "10001"), row(Ids.citizen(2), "ข", "10002")));
    assertEquals(Map.of(0, "citizen_id", 1, "first_name", 2, "student_number"), portal.keys());
  }

  @Test
  void thirteenDigitsWithAWrongCheckDigitAreNotTakenForIds() {
    var m = matcher.match(row("เลขประจำตัวนักเรียน", "เลขประจำตัวนักเรียน"));
    var decided = matcher.decide(m, List.of(row(Ids.mistyped(1), Ids.citizen(1)), row(Ids.mistyped(2), Ids.citizen(2))));
    assertEquals(Map.of(0, "student_number", 1, "citizen_id"), decided.keys());
  }

  @Test
  void aLoneStudentNumberHeaderBesideTheCitizenIdIsTheNumberAtOnce() {
    var m = matcher.match(row("เลขประจำตัวประชาชน", "เลขประจำตัวนักเรียน"));
    assertFalse(m.needsData());
    assertEquals(Map.of(0, "citizen_id", 1, "student_number"), m.keys());
  }
}
