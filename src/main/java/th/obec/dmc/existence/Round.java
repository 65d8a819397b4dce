package th.obec.dmc.existence;

/** A counting round: an academic year (BE) and a term. */
public record Round(int academicYear, int term) {}
