package th.obec.dmc.report;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import th.obec.dmc.auth.Principal;
import th.obec.dmc.kernel.Problem;
import th.obec.dmc.sheet.ColumnSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.calendar.ThaiDates;
import th.obec.dmc.existence.Round;
import th.obec.dmc.existence.RoundService;
import th.obec.dmc.audit.DetailsReads;
import th.obec.dmc.existence.AreaDuplicates;
import th.obec.dmc.existence.AreaProgress;
import th.obec.dmc.existence.ExistenceRepository;
import th.obec.dmc.kernel.BusinessClock;
import th.obec.dmc.registry.RegistryRepository;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.registry.School;
import th.obec.dmc.sheet.ReportFile;
import th.obec.dmc.sheet.ReportWriter;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.Specs;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The school's and the area's workbooks. Before the close they show the live roll and say so in the title;
 * after it they read the frozen snapshot "as of 10 Nov". Students stream from a cursor into the report writer on a
 * worker, batch by batch, and the finished file is sent from disk: memory stays flat for 100,000 students.
 */
public final class RosterReports {
  private static final int BATCH = 5000;

  private final ReportRepository repository;
  private final RegistryService registry;
  private final RoundService rounds;
  private final Workers workers;
  private final Round round;
  private final ZoneId zone;
  private final SheetSpec roll;
  private final SheetSpec summary;
  private final SheetSpec rooms;
  private final SheetSpec areaSchools;
  private final SheetSpec duplicates;
  private final SheetSpec national;
  private final Specs specs;

  /** The server's own round and its calendar's count day: the day of a round closed before the day was kept. */
  private final Round current;
  private final LocalDate countDate;

  private final DetailsReads detailsReads;
  private final BusinessClock clock;

  public RosterReports(ReportRepository repository, RegistryService registry, RoundService rounds, Workers workers,
                       Round round, ZoneId zone, Specs specs, Round current, LocalDate countDate,
                       DetailsReads detailsReads, BusinessClock clock) {
    this.detailsReads = detailsReads;
    this.clock = clock;
    this.repository = repository;
    this.registry = registry;
    this.rounds = rounds;
    this.workers = workers;
    this.round = round;
    this.zone = zone;
    this.roll = specs.require("report-roll");
    this.summary = specs.require("report-summary");
    this.rooms = specs.require("report-rooms");
    this.areaSchools = specs.require("report-area-schools");
    this.duplicates = specs.require("duplicates");
    this.national = specs.require("report-national");
    this.specs = specs;
    this.current = current;
    this.countDate = countDate;
  }

  /** The same reports for another round: a closed one, kept after the next round opened. */
  public RosterReports of(Round other) {
    return new RosterReports(repository, registry, rounds, workers, other, zone, specs, current, countDate,
        detailsReads, clock);
  }

  /** The round asked for, if it is this server's current round or a closed one; otherwise ROUND_NOT_FOUND. */
  public Future<Round> available(Round asked, Round current) {
    if (asked.equals(current)) return Future.succeededFuture(asked);
    return repository.closedAt(asked.academicYear(), asked.term()).map(closed -> {
      if (closed.isEmpty()) {
        throw Problem.notFound("ROUND_NOT_FOUND", "No closed round " + asked.term() + "/"
            + asked.academicYear() + " is held here.", "ไม่พบข้อมูลที่ปิดรอบแล้วของภาคเรียนที่ " + asked.term() + "/"
            + asked.academicYear());
      }
      return asked;
    });
  }

  /** {@code details}: with the details sheet (families, addresses), a read that is audited and budgeted. */
  public Future<ReportFile> school(Principal reader, String code, boolean details) {
    return workers.admitted(reader.username(), () -> repository.closedAt(round.academicYear(), round.term())
        .compose(closed -> schoolReport(reader, code, closed, details)));
  }

  private Future<ReportFile> schoolReport(Principal reader, String code, Optional<ReportRepository.Closure> closed,
                                          boolean details) {
    return Future.all(repository.gradeAndSex(round.academicYear(), round.term(), List.of(code), closed.isPresent()),
            repository.roomsAndSex(round.academicYear(), round.term(), List.of(code), closed.isPresent()))
        .compose(all -> workers.continuing(() -> summarySheet(code, when(closed), all.resultAt(0), all.resultAt(1))))
        .compose(w -> closingOnFailure(w, schoolRest(w, reader, code, closed.isPresent(), details)));
  }

  /**
   * The school's summary by grade and sex, its rooms by grade, room and sex, then the roll sheet's title: the roll
   * streams into it next.
   */
  private ReportWriter summarySheet(String code, String when, List<ReportRepository.GradeSexCount> counts,
                                    List<ReportRepository.RoomSexCount> roomCounts) throws IOException {
    ReportWriter w = new ReportWriter();
    w.sheet("สรุป (Summary)", summary.titleTh() + " โรงเรียน " + code + " " + when, summary.columns());
    for (ReportRepository.GradeSexCount c : counts) {
      w.row(List.of(c.grade(), c.sex(), c.present(), c.notPresent(), c.unanswered()));
    }
    RoomsSheet.write(w, rooms, "ห้องเรียน (Rooms)", rooms.titleTh() + " โรงเรียน " + code + " " + when, roomCounts);
    w.sheet("รายชื่อ (Roll)", roll.titleTh() + " โรงเรียน " + code + " " + when, roll.columns());
    return w;
  }

  private Future<ReportFile> schoolRest(ReportWriter w, Principal reader, String code, boolean snapshot,
                                        boolean details) {
    return streamRoll(w, List.of(code), snapshot)
        .compose(x -> details ? withDetails(w, reader, code) : Future.succeededFuture(w))
        .compose(x -> finish(w, "school-report-" + code + ".xlsx", "รายงานโรงเรียน-" + code + ".xlsx"));
  }

  /** What the area's workbook is made from, read before its first sheet is written. */
  private record AreaFacts(List<String> codes, Map<String, School> schools, AreaProgress progress,
                           List<ReportRepository.GradeSexCount> counts) {}

  public Future<ReportFile> area(Principal actor, String area) {
    return workers.admitted(actor.username(), () -> repository.closedAt(round.academicYear(), round.term())
        .compose(closed -> areaReport(actor, area, closed)));
  }

  private Future<ReportFile> areaReport(Principal actor, String area, Optional<ReportRepository.Closure> closed) {
    return areaFacts(area, closed.isPresent()).compose(facts -> workers.continuing(() -> schoolsSheet(area, when(closed),
            facts.schools(), facts.progress(), facts.counts()))
        .compose(w -> closingOnFailure(w, areaRest(w, actor, area, facts.codes(), closed.isPresent()))));
  }

  private Future<AreaFacts> areaFacts(String area, boolean snapshot) {
    return registry.schoolCodesOfArea(area).compose(codes -> Future.all(registry.schools(codes),
            rounds.progress(area), repository.gradeAndSex(round.academicYear(), round.term(), codes, snapshot))
        .map(all -> new AreaFacts(codes, all.resultAt(0), all.resultAt(1), all.resultAt(2))));
  }

  private Future<ReportFile> areaRest(ReportWriter w, Principal actor, String area, List<String> codes,
                                      boolean snapshot) {
    return streamRoll(w, codes, snapshot)
        .compose(x -> rounds.duplicates(actor, area))
        .compose(d -> workers.continuing(() -> duplicatesSheet(w, area, d)))
        .compose(x -> repository.roomsAndSex(round.academicYear(), round.term(), codes, snapshot))
        .compose(counts -> workers.continuing(() -> roomSheets(w, area, counts)))
        .compose(x -> finish(w, "area-report-" + area + ".xlsx", "รายงาน สพท.-" + area + ".xlsx"));
  }

  /** One rooms sheet per school of the area, in code order, then the area's total. */
  private ReportWriter roomSheets(ReportWriter w, String area, List<ReportRepository.RoomSexCount> counts)
      throws IOException {
    Map<String, List<ReportRepository.RoomSexCount>> bySchool = new java.util.TreeMap<>();
    counts.forEach(c -> bySchool.computeIfAbsent(c.schoolCode(), k -> new ArrayList<>()).add(c));
    for (var school : bySchool.entrySet()) {
      RoomsSheet.write(w, rooms, "ห้อง " + school.getKey(), rooms.titleTh() + " โรงเรียน " + school.getKey(),
          school.getValue());
    }
    // The area's total: each school's rooms kept apart (room 1 of two schools is two rooms), named by the school.
    RoomsSheet.write(w, rooms, "ห้อง รวม สพท. (Area)", rooms.titleTh() + " สพท. " + area, counts.stream()
        .map(c -> new ReportRepository.RoomSexCount(c.schoolCode(), c.grade(), c.schoolCode() + " / " + c.room(),
            c.male(), c.female()))
        .sorted(java.util.Comparator.comparing(ReportRepository.RoomSexCount::grade)
            .thenComparing(ReportRepository.RoomSexCount::room))
        .toList());
    return w;
  }

  /**
   * A report whose writing fails (the database goes away, the cursor times out) leaves no part file behind.
   * The steps of a report run as one admitted job: it is refused whole at the start or not at all.
   */
  private static Future<ReportFile> closingOnFailure(ReportWriter w, Future<ReportFile> report) {
    return report.onFailure(e -> {
      try {
        w.close();
      } catch (IOException ignored) {
        // the part file is gone or going; the failure that matters is e
      }
    });
  }

  private ReportWriter schoolsSheet(String area, String when, Map<String, School> schools, AreaProgress progress,
                                    List<ReportRepository.GradeSexCount> counts) {
    ReportWriter w = new ReportWriter();
    w.sheet("สรุปรายโรงเรียน (Schools)", areaSchools.titleTh() + " สพท. " + area + " " + when, areaSchools.columns());
    Map<String, long[]> levels = levels(counts);
    for (ExistenceRepository.SchoolProgress s : progress.schools()) {
      String code = s.schoolCode();
      School school = schools.get(code);
      long[] l = levels.getOrDefault(code, new long[SubsidyRates.LEVELS.size() + 3]);
      List<Object> row = new ArrayList<>(Arrays.asList(code, school == null ? "" : school.nameTh(),
          AreaProgress.state(s), s.certifiedAt() == null ? "" : ThaiDates.thai(s.certifiedAt().toInstant(), zone)));
      for (long n : l) row.add(n);
      w.row(row);
    }
    w.sheet("นักเรียน (Students)", roll.titleTh() + " สพท. " + area + " " + when, roll.columns());
    return w;
  }

  /**
   * The school's own students with every field the portal's exports carry beyond the roll (address, parents,
   * guardian, ...), as stored now: the school's and its area's to read, never another school's.
   */
  private ReportWriter detailsSheet(ReportWriter w, String code, List<ReportRepository.StudentDetails> students) {
    SheetSpec spec = specs.require("students");
    List<String> keys = new ArrayList<>(List.of("citizen_id", "student_number", "first_name", "last_name"));
    spec.columns().stream().filter(c -> !c.inTemplate() && !c.key().equals("school_code")).forEach(c -> keys.add(c.key()));
    List<ColumnSpec> columns = keys.stream().map(spec::require).toList();
    w.sheet("ข้อมูลเพิ่มเติม (Details)", spec.titleTh() + " ข้อมูลเพิ่มเติม โรงเรียน " + code
        + " ข้อมูลปัจจุบัน (current data)", columns);
    for (ReportRepository.StudentDetails s : students) {
      // Arrays.asList, not List.of: a roll sent from the template may leave the student number blank.
      List<Object> row = new ArrayList<>(Arrays.asList(s.citizenId(), s.studentNumber(), s.firstName(),
          s.lastName()));
      for (ColumnSpec c : columns.subList(4, columns.size())) {
        Object v = s.details().getValue(c.key());
        // An open list's "other" shows the text the school wrote, not the bare code.
        if (c.otherCode().isPresent() && c.otherCode().get().equals(v) && s.details().getValue(c.otherKey()) != null) {
          v = s.details().getValue(c.otherKey());
        }
        row.add(v);
      }
      w.row(row);
    }
    return w;
  }

  private Future<ReportWriter> withDetails(ReportWriter w, Principal reader, String code) {
    return repository.details(code).compose(students -> registry.areaOf(code)
        .compose(area -> detailsReads.record(reader, code, area.orElse(null),
            students.stream().map(ReportRepository.StudentDetails::citizenId).toList(), "report.xlsx", clock.now()))
        .compose(v -> workers.continuing(() -> detailsSheet(w, code, students))));
  }

  private ReportWriter duplicatesSheet(ReportWriter w, String area, AreaDuplicates duplicates) {
    w.sheet("ข้อมูลซ้ำซ้อน (Duplicates)", this.duplicates.titleTh() + " สพท. " + area, this.duplicates.columns());
    for (AreaDuplicates.Duplicate d : duplicates.items()) {
      ExistenceRepository.PossibleDuplicate x = d.student();
      w.row(Arrays.asList(x.citizenId(), x.firstName(), x.lastName(), ThaiDates.slashed(x.birthDate()), x.schoolCode(),
          x.grade(), x.otherCitizenId(), x.otherSchoolCode(), d.otherSchoolName(), d.otherAreaCode(), x.otherGrade()));
    }
    return w;
  }

  /** One row per area and level, for the whole country. */
  public Future<ReportFile> national(String holder) {
    return workers.admitted(holder, () -> repository.closedAt(round.academicYear(), round.term())
        .compose(this::nationalReport));
  }

  private Future<ReportFile> nationalReport(Optional<ReportRepository.Closure> closed) {
    return repository.gradeAndSex(round.academicYear(), round.term(), null, closed.isPresent())
        .compose(counts -> Future.all(registry.schools(schoolCodes(counts)), registry.areas())
            .compose(found -> workers.continuing(() -> nationalWorkbook(when(closed),
                byAreaLevel(counts, found.resultAt(0)), areaNames(found.resultAt(1))))));
  }

  /** The students of one area at one level: present, not present, unanswered. */
  record AreaLevelCount(String areaCode, String level, long present, long notPresent, long unanswered) {
    AreaLevelCount plus(ReportRepository.GradeSexCount c) {
      return new AreaLevelCount(areaCode, level, present + c.present(), notPresent + c.notPresent(),
          unanswered + c.unanswered());
    }

    long total() {
      return present + notPresent + unanswered;
    }
  }

  private static Set<String> schoolCodes(List<ReportRepository.GradeSexCount> counts) {
    Set<String> codes = new HashSet<>();
    counts.forEach(c -> codes.add(c.schoolCode()));
    return codes;
  }

  /** The counts by area, then by level in {@link SubsidyRates#LEVELS}' order. */
  private static List<AreaLevelCount> byAreaLevel(List<ReportRepository.GradeSexCount> counts,
                                                  Map<String, School> schools) {
    Map<String, Map<Integer, AreaLevelCount>> byArea = new TreeMap<>();
    for (ReportRepository.GradeSexCount c : counts) {
      School s = schools.get(c.schoolCode());
      String area = s == null ? "" : s.areaCode();
      String level = SubsidyRates.levelOf(c.grade());
      byArea.computeIfAbsent(area, a -> new TreeMap<>())
          .merge(SubsidyRates.LEVELS.indexOf(level), new AreaLevelCount(area, level, 0, 0, 0).plus(c),
              (was, one) -> was.plus(c));
    }
    List<AreaLevelCount> out = new ArrayList<>();
    byArea.values().forEach(levels -> out.addAll(levels.values()));
    return out;
  }

  private static Map<String, String> areaNames(List<RegistryRepository.AreaWithSchools> areas) {
    Map<String, String> names = new HashMap<>();
    areas.forEach(a -> names.put(a.area().code(), a.area().nameTh()));
    return names;
  }

  private ReportFile nationalWorkbook(String when, List<AreaLevelCount> rows, Map<String, String> areaNames)
      throws IOException {
    ReportWriter w = new ReportWriter();
    w.sheet(national.sheetNameTh(), national.titleTh() + " " + when, national.columns());
    for (AreaLevelCount n : rows) {
      w.row(Arrays.asList(n.areaCode(), areaNames.getOrDefault(n.areaCode(), ""), n.level(), n.total(),
          n.present(), n.notPresent(), n.unanswered()));
    }
    return ReportFile.of(w, "national-" + round.academicYear() + "-" + round.term() + ".xlsx",
        "รายงานระดับประเทศ-" + round.academicYear() + "-" + round.term() + ".xlsx");
  }

  /** Per school: students at each level of {@link SubsidyRates#LEVELS}, then present, not present, unanswered. */
  private static Map<String, long[]> levels(List<ReportRepository.GradeSexCount> counts) {
    int n = SubsidyRates.LEVELS.size();
    Map<String, long[]> out = new LinkedHashMap<>();
    for (ReportRepository.GradeSexCount c : counts) {
      long[] l = out.computeIfAbsent(c.schoolCode(), k -> new long[n + 3]);
      l[SubsidyRates.LEVELS.indexOf(SubsidyRates.levelOf(c.grade()))] += c.total();
      l[n] += c.present();
      l[n + 1] += c.notPresent();
      l[n + 2] += c.unanswered();
    }
    return out;
  }

  private String when(Optional<ReportRepository.Closure> closed) {
    if (closed.isEmpty()) return "ข้อมูลปัจจุบัน ยังไม่ปิดรอบ (live data, round not closed)";
    LocalDate day = closed.get().countDate() != null ? closed.get().countDate()
        : round.equals(current) ? countDate : null;
    return day == null ? "ณ วันนับ ภาคเรียนที่ " + round.term() + "/" + round.academicYear() + " (as of the count, closed round)"
        : "ณ วันที่ " + ThaiDates.thaiDate(day) + " (as of " + ThaiDates.englishDate(day) + ", closed round)";
  }

  private Future<ReportWriter> streamRoll(ReportWriter w, List<String> schools, boolean snapshot) {
    return repository.roll(round.academicYear(), round.term(), schools, snapshot, BATCH,
            lines -> workers.continuing(() -> {
              lines.forEach(line -> w.row(line.cells()));
              return w;
            }))
        .map(w);
  }

  private Future<ReportFile> finish(ReportWriter w, String ascii, String thai) {
    return workers.continuing(() -> ReportFile.of(w, ascii, thai));
  }
}
