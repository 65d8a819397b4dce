package th.obec.dmc.existence;

import java.util.List;

/** A school's answers in a round, by grade, with its certification (on every grade's row; alone if it has none). */
public record SchoolSummary(String schoolCode, Round round, List<ExistenceRepository.GradeCounts> grades) {}
