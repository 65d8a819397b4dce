package th.obec.dmc.existence;

import io.vertx.core.Future;
import th.obec.dmc.kernel.Workers;
import th.obec.dmc.registry.RegistryService;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.TemplateWriter;
import th.obec.dmc.sheet.WorkbookFile;

import java.util.ArrayList;
import java.util.List;

/** The school's existence workbook (its roll, to mark and send back) and the area's duplicates workbook. */
public final class ExistenceWorkbooks {
  private final SheetSpec existence;
  private final SheetSpec duplicates;
  private final ExistenceRepository repository;
  private final RegistryService registry;
  private final Workers workers;
  private final Round round;

  public ExistenceWorkbooks(SheetSpec existence, SheetSpec duplicates, ExistenceRepository repository,
                            RegistryService registry, Workers workers, Round round) {
    this.existence = existence;
    this.duplicates = duplicates;
    this.repository = repository;
    this.registry = registry;
    this.workers = workers;
    this.round = round;
  }

  Future<WorkbookFile> existence(String school) {
    return repository.rollWithAnswers(round, school).compose(rows -> workers.sheets(() -> TemplateWriter.filled(
        existence, rows, "existence-" + school + ".xlsx", "ยืนยันการมีตัวตน-" + school + ".xlsx")));
  }

  Future<WorkbookFile> duplicates(String area) {
    return registry.schoolCodesOfArea(area).compose(repository::duplicates).compose(rows -> {
      java.util.Set<String> others = new java.util.HashSet<>();
      rows.forEach(r -> others.add(r.otherSchoolCode()));
      return registry.schools(others).map(schools -> {
        List<String[]> list = new ArrayList<>();
        for (ExistenceRepository.PossibleDuplicate r : rows) {
          var other = schools.get(r.otherSchoolCode());
          list.add(new String[] {r.citizenId(), r.firstName(), r.lastName(), r.birthDate().toString(), r.schoolCode(),
              r.grade(), r.otherCitizenId(), r.otherSchoolCode(), other == null ? null : other.nameTh(),
              other == null ? null : other.areaCode(), r.otherGrade()});
        }
        return list;
      });
    }).compose(list -> workers.sheets(() -> TemplateWriter.filled(duplicates, list, "duplicates-" + area + ".xlsx",
        "ข้อมูลซ้ำซ้อน-" + area + ".xlsx")));
  }
}
