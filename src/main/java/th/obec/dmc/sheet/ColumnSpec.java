package th.obec.dmc.sheet;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One column of a workbook, as declared in {@code templates/}. Types: text, code, date, integer,
 * decimal, citizen-id, year-be.
 */
public record ColumnSpec(String key, String headerTh, String headerEn, String type, boolean required,
                         Optional<Pattern> pattern, int maxLength, List<CodeOption> codes, int width,
                         String help, Optional<BigDecimal> min, Optional<BigDecimal> max) {

  /** Columns Excel must keep as text, or it would drop leading zeros and turn long IDs into 1.1E+12. */
  public boolean isTextual() {
    return !type.equals("integer") && !type.equals("decimal") && !type.equals("year-be");
  }

  /** The label to show for a stored code, or the value itself. */
  public String label(String value) {
    for (CodeOption o : codes) if (o.code().equals(value)) return o.labelTh();
    return value;
  }
}
