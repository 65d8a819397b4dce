package th.obec.dmc.existence;

import th.obec.dmc.calendar.ThaiDates;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import th.obec.dmc.auth.Principal;
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

  /** The whole job (the roll's read and the writing) holds one of the account's sheet places. */
  Future<WorkbookFile> existence(Principal actor, String school) {
    return workers.admitted(actor.username(), () -> repository.rollWithAnswers(round, school)
        .compose(rows -> workers.continuing(() -> TemplateWriter.filled(existence, rows, "existence-" + school + ".xlsx",
            "ยืนยันการมีตัวตน-" + school + ".xlsx"))));
  }

  /** The same rows as the page, from the same audited read. */
  Future<WorkbookFile> duplicates(Principal actor, String area, RoundService rounds) {
    return rounds.duplicates(actor, area).map(found -> {
      List<String[]> list = new ArrayList<>();
      for (AreaDuplicates.Duplicate d : found.items()) {
        ExistenceRepository.PossibleDuplicate x = d.student();
        list.add(new String[] {x.citizenId(), x.firstName(), x.lastName(), ThaiDates.slashed(x.birthDate()), x.schoolCode(),
            x.grade(), x.otherCitizenId(), x.otherSchoolCode(), d.otherSchoolName(), d.otherAreaCode(), x.otherGrade()});
      }
      return list;
    }).compose(list -> workers.sheets(actor.username(), () -> TemplateWriter.filled(duplicates, list, "duplicates-" + area + ".xlsx",
        "ข้อมูลซ้ำซ้อน-" + area + ".xlsx")));
  }
}
