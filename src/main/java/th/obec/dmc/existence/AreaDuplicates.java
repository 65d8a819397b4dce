package th.obec.dmc.existence;

import th.obec.dmc.registry.School;

import java.util.List;

/** An area's possible duplicates: each of its students with the one in another school that looks the same. */
public record AreaDuplicates(String areaCode, List<Duplicate> items) {
  /** A possible duplicate, with the other school as the registry knows it (null if it does not). */
  public record Duplicate(ExistenceRepository.PossibleDuplicate student, School otherSchool) {
    public String otherSchoolName() {
      return otherSchool == null ? null : otherSchool.nameTh();
    }

    public String otherAreaCode() {
      return otherSchool == null ? null : otherSchool.areaCode();
    }
  }
}
