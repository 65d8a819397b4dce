package th.obec.dmc.sheet;

/**
 * A data row as the reader hands it on: read, and checked against its column spec. {@code values} are the
 * normalised values in the spec's stored order (null where blank or refused); the refusals went to the file's
 * errors, where whether this row is bad is asked by its number.
 */
public record CheckedRow(RawRow raw, String[] values) {}
