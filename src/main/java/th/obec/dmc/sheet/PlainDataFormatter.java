package th.obec.dmc.sheet;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Cell text for validation rather than display: numbers in General format keep every digit (a
 * 13-digit ID typed as a number is not turned into 1.1E+12) and date-formatted cells become ISO dates.
 */
final class PlainDataFormatter extends DataFormatter {
  PlainDataFormatter() {
    super(Locale.US);
  }

  @Override
  public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904Windowing) {
    if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
      return DateUtil.getLocalDateTime(value, use1904Windowing).toLocalDate().toString();
    }
    if (formatIndex == 0 || "General".equalsIgnoreCase(formatString) || "@".equals(formatString)) {
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
    return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
  }
}
