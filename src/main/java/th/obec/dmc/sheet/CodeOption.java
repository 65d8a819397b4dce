package th.obec.dmc.sheet;

import java.util.List;

/** One allowed value of a code column: the stored code, its labels, and other spellings people use. */
public record CodeOption(String code, String labelTh, String labelEn, List<String> aliases) {}
