package th.obec.dmc.student;

import java.time.LocalDate;
import java.time.Period;
import java.util.Map;

/** What a student's row must agree with beyond its cells: prefix and sex, age and grade. */
final class StudentRules {
  private static final Map<String, String> SEX_OF_PREFIX = Map.of(
      "เด็กชาย", "M", "นาย", "M", "สามเณร", "M", "เด็กหญิง", "F", "นางสาว", "F", "นาง", "F");
  /** Age at the start of the academic year for each grade: อ.1 at 3, ป.1 at 6, ม.1 at 12. */
  private static final Map<String, Integer> USUAL_AGE = Map.ofEntries(
      Map.entry("อ.1", 3), Map.entry("อ.2", 4), Map.entry("อ.3", 5),
      Map.entry("ป.1", 6), Map.entry("ป.2", 7), Map.entry("ป.3", 8),
      Map.entry("ป.4", 9), Map.entry("ป.5", 10), Map.entry("ป.6", 11),
      Map.entry("ม.1", 12), Map.entry("ม.2", 13), Map.entry("ม.3", 14),
      Map.entry("ม.4", 15), Map.entry("ม.5", 16), Map.entry("ม.6", 17),
      Map.entry("ปวช.1", 15), Map.entry("ปวช.2", 16), Map.entry("ปวช.3", 17));
  /** Far outside: more than two years younger or eight years older than usual (late entry is common). */
  static final int YOUNGER = 2;
  static final int OLDER = 8;

  private StudentRules() {}

  static boolean prefixFitsSex(String prefix, String sex) {
    String expected = SEX_OF_PREFIX.get(prefix);
    return expected == null || expected.equals(sex);
  }

  /** The school year starts on 16 May; ages are counted on that day. */
  static LocalDate yearStart(int academicYearBe) {
    return LocalDate.of(academicYearBe - 543, 5, 16);
  }

  static boolean ageFitsGrade(LocalDate birth, String grade, int academicYearBe) {
    Integer usual = USUAL_AGE.get(grade);
    if (usual == null) return true;
    int age = Period.between(birth, yearStart(academicYearBe)).getYears();
    return age >= usual - YOUNGER && age <= usual + OLDER;
  }

  static int usualAge(String grade) {
    return USUAL_AGE.getOrDefault(grade, 0);
  }
}
