package th.obec.dmc.report;

import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DMC summary "จำนวนนักเรียนจำแนกตามชั้น ห้อง และเพศ": each grade's rooms with their boys, girls and total, then
 * the grade's total naming how many rooms it has, then the whole's total. One school's, or an area's (its rooms'
 * counts added up by grade and room).
 */
final class RoomsSheet {
  private RoomsSheet() {}

  static void write(ReportWriter w, SheetSpec spec, String sheetName, String title,
                    List<ReportRepository.RoomSexCount> rooms) throws IOException {
    w.sheet(sheetName, title, spec.columns());
    Map<String, Map<String, long[]>> byGrade = new LinkedHashMap<>();
    for (ReportRepository.RoomSexCount r : rooms) {
      long[] n = byGrade.computeIfAbsent(r.grade(), g -> new LinkedHashMap<>())
          .computeIfAbsent(r.room() == null ? "" : r.room(), k -> new long[2]);
      n[0] += r.male();
      n[1] += r.female();
    }
    long male = 0;
    long female = 0;
    for (var grade : byGrade.entrySet()) {
      long gradeMale = 0;
      long gradeFemale = 0;
      for (var room : grade.getValue().entrySet()) {
        long[] n = room.getValue();
        w.row(Arrays.asList(grade.getKey(), room.getKey(), n[0], n[1], n[0] + n[1]));
        gradeMale += n[0];
        gradeFemale += n[1];
      }
      w.row(new ArrayList<>(Arrays.asList("รวม " + grade.getKey(), grade.getValue().size() + " ห้อง / rooms", gradeMale,
          gradeFemale, gradeMale + gradeFemale)));
      male += gradeMale;
      female += gradeFemale;
    }
    w.row(Arrays.asList("รวมทั้งหมด / Total", "", male, female, male + female));
  }
}
