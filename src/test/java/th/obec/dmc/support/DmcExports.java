package th.obec.dmc.support;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The two files schools hold, made in code with the shapes and wording of the field: the DMC portal's
 * "รายชื่อนักเรียน" export (title row, เลขประจำตัวนักเรียน twice, the 8-digit school code, ช/ญ, dd/mm/BE, '-' for
 * none) and studentInSchoolList.xlsx (about 80 columns, noted headers, both address blocks under the same
 * headers, the sibling counts twice, ชาย/หญิง, grades spelt out). Every wording the schools type appears, and
 * exactly one unlisted nationality ("อินเดีย").
 */
public final class DmcExports {
  /** What a test checks a file against. */
  public record Student(String citizenId, String studentNumber, boolean poor, String grade) {}

  public record Export(Path file, List<Student> students) {
    public byte[] bytes() {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    public long poor() {
      return students.stream().filter(Student::poor).count();
    }
  }

  /** ความด้อยโอกาส as schools write it: พฐ.4's wording, none in three ways, and one wording outside the list. */
  static final String[] DISADVANTAGE = {"เด็กยากจน", "-", "ไม่มี", "ปกติ", "เด็กถูกทอดทิ้ง/กำพร้า", "เด็กชนกลุ่มน้อย",
      "เด็กที่ถูกทำร้ายทารุณ", "เด็กเร่ร่อน", "เด็กที่ได้รับผลกระทบจากเอดส์", "เด็กที่มีปัญหาเกี่ยวกับยาเสพติด",
      "เด็กถูกบังคับให้ขายแรงงาน", "เด็กในสถานพินิจและคุ้มครองเยาวชน", "เด็กที่อยู่ในธุรกิจทางเพศ", "-", "เด็กยากจน",
      "ยากจนมาก (ครอบครัวแหว่งกลาง)"};
  static final String[] DISABILITY = {"-", "ไม่มี", "ออทิสติค", "ออทิสติก", "พิการซ้ำซ้อน", "บกพร่องซ้อน", "-",
      "บกพร่องทางการเห็น", "-", "-"};
  private static final String[] FIRST = {"สมชาย", "สมหญิง", "กิตติ", "วรรณา", "ณัฐ", "ปิยะ", "อรุณ", "ศรี"};
  private static final String[] LAST = {"ใจดี", "รักไทย", "มั่นคง", "สุขสันต์", "แก้วมณี", "ทองดี"};
  private static final String[] BLOOD = {"A", "B", "O", "AB", "-", "ไม่ทราบ"};
  private static final String[] RELIGION = {"พุทธ", "พุทธ", "อิสลาม", "คริสต์", "-"};

  private DmcExports() {}

  /** The portal's "รายชื่อนักเรียน" export of one primary school: 36 columns, text in a shared-strings table. */
  public static Export portal(Path dir, String schoolCode, String schoolName, int students, long firstId) {
    return portal(dir, schoolCode, schoolName, students, firstId, true);
  }

  /** The same; {@code sharedStrings} false writes every text inline, as some tools save it (no sharedStrings part). */
  public static Export portal(Path dir, String schoolCode, String schoolName, int students, long firstId,
                              boolean sharedStrings) {
    List<String> headers = List.of("รหัสโรงเรียน", "ชื่อโรงเรียน", "เลขประจำตัวนักเรียน", "ชั้น", "ห้อง",
        "เลขประจำตัวนักเรียน", "เพศ", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "วันเกิด", "อายุ(ปี)", "น้ำหนัก", "ส่วนสูง",
        "กลุ่มเลือด", "ศาสนา", "เชื้อชาติ", "สัญชาติ", "บ้านเลขที่", "หมู่", "ถนน/ซอย", "ตำบล", "อำเภอ", "จังหวัด",
        "ชื่อผู้ปกครอง", "นามสกุลผู้ปกครอง", "อาชีพของผู้ปกครอง", "ความเกี่ยวข้องของผู้ปกครองกับนักเรียน", "ชื่อบิดา",
        "นามสกุลบิดา", "อาชีพของบิดา", "ชื่อมารดา", "นามสกุลมารดา", "อาชีพของมารดา", "ความด้อยโอกาส",
        "ยังไม่สามารถจำหน่ายได้ (3.1.8)");
    return write(dir.resolve("dmc-" + schoolCode + ".xlsx"), "วันและเวลาที่สร้างรายงาน 01/11/2566 10:15:32", headers,
        students, i -> {
          Student s = student(i, firstId, false);
          int grade = i % 6 + 1;
          boolean boy = i % 2 == 0;
          List<Object> r = new ArrayList<>(List.of(schoolCode.substring(2), schoolName, s.citizenId(), "ป." + grade,
              String.valueOf(i % 3 + 1), s.studentNumber(), boy ? "ช" : "ญ", boy ? "ด.ช." : "ด.ญ.", FIRST[i % FIRST.length],
              LAST[i % LAST.length] + i, birth(2566 - 6 - grade + 1, i), i % 9 == 0 ? "-" : (Object) (double) (6 + grade - 1),
              i % 7 == 0 ? "-" : (Object) (18.5 + grade * 2), i % 7 == 0 ? "-" : (Object) (105.0 + grade * 5),
              BLOOD[i % BLOOD.length], RELIGION[i % RELIGION.length], i % 11 == 0 ? "-" : "ไทย",
              nationality(i), (i % 90 + 1) + "/" + (i % 7 + 1), String.valueOf(i % 12 + 1), i % 4 == 0 ? "-" : "ถนนมิตรภาพ",
              "ในเมือง", "เมือง", "ขอนแก่น", "สมศักดิ์", LAST[(i + 1) % LAST.length], "รับจ้าง", i % 5 == 0 ? "ยาย" : "บิดา",
              "สมศักดิ์", LAST[(i + 1) % LAST.length], "เกษตรกร", "สมศรี", LAST[(i + 1) % LAST.length], "ค้าขาย",
              DISADVANTAGE[i % DISADVANTAGE.length], "-"));
          return r;
        }, i -> student(i, firstId, false), sharedStrings);
  }

  /** studentInSchoolList.xlsx of one secondary school: about 80 columns. */
  public static Export inSchoolList(Path dir, String schoolCode, String schoolName, int students, long firstId) {
    List<String> person = List.of("เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "รายได้", "เบอร์โทร", "อาชีพ");
    List<String> headers = new ArrayList<>(List.of("รหัสโรงเรียน ต้องกรอก", "ชื่อโรงเรียน", "เลขประจำตัวประชาชน ต้องกรอก",
        "ชั้น", "ห้อง", "รหัสนักเรียน", "เพศ", "คำนำหน้าชื่อ", "ชื่อ (บังคับ)", "นามสกุล (บังคับ)", "ชื่อ (อังกฤษ)",
        "นามสกุล (อังกฤษ)", "วันเกิด (วว/ดด/ปปปป)", "หมู่โลหิต", "สัญชาติ", "เชื้อชาติ", "ศาสนา", "จำนวนพี่ชาย",
        "จำนวนน้องชาย", "จำนวนพี่สาว", "จำนวนน้องสาว", "เป็นบุตรคนที่"));
    for (String who : List.of("บิดา", "มารดา", "ผู้ปกครอง")) {
      for (String field : person) headers.add(field.equals("รายได้") ? "รายได้" + who + " (บาท/เดือน)" : field + who);
    }
    headers.add("ความเกี่ยวข้องผู้ปกครอง");
    List<String> address = List.of("รหัสประจำบ้าน", "บ้านเลขที่", "หมู่", "ถนน", "ตำบล", "อำเภอ", "จังหวัด", "รหัสไปรษณีย์");
    headers.addAll(address); // registered
    headers.addAll(address); // current: the same headers again
    headers.addAll(List.of("พักนอน", "ขาดแคลนเครื่องแบบนักเรียน", "ขาดแคลนเครื่องเขียน", "ขาดแคลนแบบเรียน",
        "ขาดแคลนอาหารกลางวัน", "ความด้อยโอกาส", "ความพิการ", "น้ำหนัก", "ส่วนสูง", "ระยะทางจากบ้านถึงโรงเรียน (กม.)",
        "เวลาในการเดินทาง (นาที)", "วิธีการเดินทางไปโรงเรียน", "ประเภทนักเรียน", "จังหวัดที่เกิด", "เกรดเฉลี่ย",
        "จำนวนพี่ชาย", "จำนวนน้องชาย", "จำนวนพี่สาว", "จำนวนน้องสาว"));
    return write(dir.resolve("in-school-" + schoolCode + ".xlsx"), "ข้อมูลนักเรียนในสถานศึกษา", headers, students, i -> {
      Student s = student(i, firstId, true);
      int grade = i % 6 + 1;
      boolean boy = i % 2 == 1;
      List<Object> r = new ArrayList<>(List.of(schoolCode.substring(2), schoolName, s.citizenId(),
          i % 2 == 0 ? "มัธยมศึกษาปีที่ " + grade : "ม." + grade, String.valueOf(i % 4 + 1), s.studentNumber(),
          boy ? "ชาย" : "หญิง", boy ? "ด.ช." : "ด.ญ.", FIRST[i % FIRST.length], LAST[i % LAST.length] + i,
          "Somchai", "Jaidee", birth(2566 - 12 - grade + 1, i), BLOOD[i % BLOOD.length], nationality(i),
          i % 11 == 0 ? "-" : "ไทย", RELIGION[i % RELIGION.length], (double) (i % 3), "-", (double) (i % 2), "0",
          (double) (i % 3 + 1)));
      for (int p = 0; p < 3; p++) {
        r.addAll(Arrays.asList(i % 13 == p ? "-" : Ids.citizen(9_000_000 + i * 3L + p), p == 1 ? "นาง" : "นาย",
            "ผู้ใหญ่" + p, LAST[i % LAST.length], i % 8 == 0 ? "-" : (Object) (double) (9000 + i % 5 * 1500),
            "08" + String.format("%08d", i), p == 2 ? "-" : "รับจ้าง"));
      }
      r.add(i % 5 == 0 ? "ยาย" : "บิดา");
      for (int a = 0; a < 2; a++) {
        r.addAll(Arrays.asList(String.format("%011d", 40_000_000_000L + i), (i % 90 + 1) + "/" + a,
            String.valueOf(i % 12 + 1), a == 0 ? "มิตรภาพ" : "-", "ในเมือง", "เมือง", "ขอนแก่น", "40000"));
      }
      r.addAll(Arrays.asList(i % 10 == 0 ? "ใช่" : "ไม่ใช่", i % 3 == 0 ? "ขาดแคลน" : "ไม่ขาดแคลน", "-", "ไม่ขาดแคลน",
          i % 4 == 0 ? "ขาดแคลน" : "ไม่ขาดแคลน", DISADVANTAGE[i % DISADVANTAGE.length], DISABILITY[i % DISABILITY.length],
          40.5 + grade, 150.0 + grade, i % 6 == 0 ? "-" : (Object) (1.5 + i % 20), (double) (10 + i % 50),
          i % 3 == 0 ? "รถจักรยานยนต์" : "รถโรงเรียน", "นักเรียนปกติ", "ขอนแก่น", "3.25", "9", "9", "9", "9"));
      return r;
    }, i -> student(i, firstId, true), true);
  }

  private static Student student(int i, long firstId, boolean secondary) {
    String id = i % 50 == 7 ? String.format("G%012d", firstId + i) : Ids.citizen(firstId + i);
    String grade = (secondary ? "ม." : "ป.") + (i % 6 + 1);
    return new Student(id, String.valueOf(10_000 + i), DISADVANTAGE[i % DISADVANTAGE.length].equals("เด็กยากจน"), grade);
  }

  /** The one unlisted nationality, on the file's second row: the rest are listed. */
  private static String nationality(int i) {
    if (i == 1) return "อินเดีย";
    return i % 17 == 0 ? "เมียนมา" : i % 19 == 0 ? "-" : "ไทย";
  }

  private static String birth(int yearBe, int i) {
    return String.format("%02d/%02d/%d", i % 28 + 1, i % 12 + 1, yearBe - (i % 12 + 1 > 5 ? 1 : 0));
  }

  private static Export write(Path file, String title, List<String> headers, int rows, Function<Integer, List<Object>> row,
                              Function<Integer, Student> student, boolean sharedStrings) {
    List<Student> students = new ArrayList<>(rows);
    try (SXSSFWorkbook wb = new SXSSFWorkbook(null, 500, true, sharedStrings); OutputStream out = Files.newOutputStream(file)) {
      Sheet sheet = wb.createSheet("Sheet1");
      sheet.createRow(0).createCell(0).setCellValue(title);
      Row header = sheet.createRow(1);
      for (int c = 0; c < headers.size(); c++) header.createCell(c).setCellValue(headers.get(c));
      for (int i = 0; i < rows; i++) {
        List<Object> values = row.apply(i);
        if (values.size() != headers.size()) {
          throw new IllegalStateException(values.size() + " cells for " + headers.size() + " headers");
        }
        Row r = sheet.createRow(i + 2);
        for (int c = 0; c < values.size(); c++) {
          Object v = values.get(c);
          if (v instanceof Number n) r.createCell(c).setCellValue(n.doubleValue());
          else r.createCell(c).setCellValue(v.toString());
        }
        students.add(student.apply(i));
      }
      wb.write(out);
      wb.dispose();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new Export(file, students);
  }
}
