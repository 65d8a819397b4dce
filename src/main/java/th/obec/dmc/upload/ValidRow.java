package th.obec.dmc.upload;

import java.util.Map;

/** A row that passed the column spec: its Excel row number and its normalised values by column key. */
public record ValidRow(int rowNumber, Map<String, String> values) {

  public String get(String key) {
    return values.get(key);
  }
}
