package th.obec.dmc.existence;

import th.obec.dmc.registry.School;

import java.util.List;
import java.util.Map;

/** Every school of an area with its counts, and the names the area knows them by. */
public record AreaProgress(String areaCode, Round round, List<ExistenceRepository.SchoolProgress> schools,
                           Map<String, School> names) {
  /** A school's state on the area's page: certified, confirming (some answers) or not started. */
  public static String state(ExistenceRepository.SchoolProgress school) {
    return school.certifiedAt() != null ? "certified" : school.answered() > 0 ? "confirming" : "not_started";
  }
}
