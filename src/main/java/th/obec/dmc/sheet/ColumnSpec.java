package th.obec.dmc.sheet;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** One column of a workbook, as declared in {@code templates/}. */
public record ColumnSpec(String key, String headerTh, String headerEn, String type, boolean required,
                         Optional<Pattern> pattern, int maxLength, List<CodeOption> codes, int width,
                         String help) {}
