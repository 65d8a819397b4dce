package th.obec.dmc.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.LocatedJson;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-head subsidy rates of one fiscal year, per level and item: data, never constants in code. The format
 * is in docs/subsidy.md; a level without rates stops the report that needs it, with a clear problem.
 */
public record SubsidyRates(int fiscalYear, List<Item> items, Map<String, Map<String, BigDecimal>> levels) {
  public static final String DEFAULT_RESOURCE = "subsidy/rates-2567.json";
  public static final List<String> LEVELS = List.of("kindergarten", "primary", "lower_secondary", "upper_secondary");

  /** One of the five items paid per head. */
  public record Item(String code, String nameTh, String nameEn) {}

  /** The level a grade is paid at: อ. kindergarten, ป. primary, ม.1-3 lower and ม.4-6 upper secondary. */
  public static String levelOf(String grade) {
    if (grade.startsWith("อ.")) return "kindergarten";
    if (grade.startsWith("ป.")) return "primary";
    if (grade.startsWith("ม.")) return grade.compareTo("ม.4") < 0 ? "lower_secondary" : "upper_secondary";
    throw new IllegalArgumentException("no level for grade " + grade);
  }

  public Optional<Map<String, BigDecimal>> rates(String level) {
    return Optional.ofNullable(levels.get(level));
  }

  public static SubsidyRates load(Optional<Path> file) {
    try {
      String text;
      String source;
      if (file.isPresent()) {
        text = Files.readString(file.get(), StandardCharsets.UTF_8);
        source = file.get().toString();
      } else {
        try (InputStream in = SubsidyRates.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        source = DEFAULT_RESOURCE;
      }
      return parse(source, LocatedJson.parse(text));
    } catch (IOException | LocatedJson.SyntaxException e) {
      throw new IllegalStateException("subsidy rates cannot be read: " + e.getMessage(), e);
    }
  }

  private static SubsidyRates parse(String source, LocatedJson json) {
    JsonObject root = json.root();
    List<Item> items = new ArrayList<>();
    JsonArray list = root.getJsonArray("items");
    for (int i = 0; i < list.size(); i++) {
      JsonObject o = list.getJsonObject(i);
      items.add(new Item(o.getString("code"), o.getString("nameTh"), o.getString("nameEn")));
    }
    Map<String, Map<String, BigDecimal>> levels = new LinkedHashMap<>();
    JsonObject byLevel = root.getJsonObject("levels");
    for (String level : byLevel.fieldNames()) {
      if (!LEVELS.contains(level)) {
        throw new IllegalStateException(source + ": line " + json.line("levels." + level) + ", field levels." + level
            + ": not a level (" + LEVELS + ")");
      }
      Map<String, BigDecimal> rates = new LinkedHashMap<>();
      for (Item item : items) {
        Object v = byLevel.getJsonObject(level).getValue(item.code());
        if (!(v instanceof Number n) || new BigDecimal(n.toString()).signum() < 0) {
          throw new IllegalStateException(source + ": line " + json.line("levels." + level + "." + item.code())
              + ", field levels." + level + "." + item.code() + ": needs an amount in baht");
        }
        rates.put(item.code(), new BigDecimal(n.toString()));
      }
      levels.put(level, rates);
    }
    return new SubsidyRates(root.getInteger("fiscalYear"), List.copyOf(items), levels);
  }
}
