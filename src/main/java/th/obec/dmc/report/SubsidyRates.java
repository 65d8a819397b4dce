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
import java.util.Set;

/**
 * Per-head subsidy rates of one fiscal year: data, never constants in code (format in docs/subsidy.md).
 * Each item is paid per level or per grade, in a term-1 part (on the 10 June count) and a term-2 part (on
 * the 10 November count); an item paid once a year has its whole amount in one term. An item may be for
 * some students only (the basic-needs allowance: poor students, by the roll's disadvantage code).
 */
public record SubsidyRates(int fiscalYear, boolean example, String source, List<Level> levels, List<Item> items) {
  public static final String DEFAULT_RESOURCE = "subsidy/rates-2567.json";
  /** The levels of the roll's reports (the subsidy's levels come from the rates file). */
  public static final List<String> LEVELS = List.of("kindergarten", "primary", "lower_secondary", "upper_secondary",
      "vocational");

  /** A level, by OBEC's name, and the grades it holds. */
  public record Level(String code, String nameTh, String nameEn, List<String> grades) {}

  /** One item: per level or per grade, its two term parts, and whom it is for. */
  public record Item(String code, String nameTh, String nameEn, String per, boolean onceAYear,
                     Set<String> eligibleDisadvantage, Map<String, BigDecimal[]> amounts) {
    /** The amount of this term for a level or grade, if the file has one. */
    public Optional<BigDecimal> amount(String levelOrGrade, int term) {
      BigDecimal[] parts = amounts.get(levelOrGrade);
      return parts == null ? Optional.empty() : Optional.of(parts[term - 1]);
    }

    public boolean perGrade() {
      return per.equals("grade");
    }

    /** Paid for every student present, or only for some (poor students). */
    public boolean forEveryone() {
      return eligibleDisadvantage.isEmpty();
    }
  }

  /** The level a grade is paid at, as the rates file says. */
  public Optional<Level> levelOfGrade(String grade) {
    return levels.stream().filter(l -> l.grades().contains(grade)).findFirst();
  }

  /** The level of a grade in the roll's reports: อ., ป., ม.1-3, ม.4-6, and ปวช. where a school teaches it. */
  public static String levelOf(String grade) {
    if (grade.startsWith("ปวช.")) return "vocational";
    if (grade.startsWith("อ.")) return "kindergarten";
    if (grade.startsWith("ป.")) return "primary";
    if (grade.startsWith("ม.")) return grade.compareTo("ม.4") < 0 ? "lower_secondary" : "upper_secondary";
    throw new IllegalArgumentException("no level for grade " + grade);
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
    List<Level> levels = new ArrayList<>();
    JsonArray levelList = root.getJsonArray("levels");
    for (int i = 0; i < levelList.size(); i++) {
      JsonObject l = levelList.getJsonObject(i);
      levels.add(new Level(l.getString("code"), l.getString("nameTh"), l.getString("nameEn"),
          l.getJsonArray("grades").stream().map(String::valueOf).toList()));
    }
    List<Item> items = new ArrayList<>();
    JsonArray list = root.getJsonArray("items");
    for (int i = 0; i < list.size(); i++) {
      JsonObject o = list.getJsonObject(i);
      String where = "items[" + i + "]";
      String per = o.getString("per", "level");
      if (!per.equals("level") && !per.equals("grade")) {
        throw new IllegalStateException(source + ": line " + json.line(where + ".per") + ", field " + where
            + ".per: 'level' or 'grade'");
      }
      Map<String, BigDecimal[]> amounts = new LinkedHashMap<>();
      JsonObject byKey = o.getJsonObject("amounts");
      for (String key : byKey.fieldNames()) {
        BigDecimal[] parts = new BigDecimal[2];
        for (int term = 1; term <= 2; term++) {
          Object v = byKey.getJsonObject(key).getValue("term" + term);
          if (!(v instanceof Number n) || new BigDecimal(n.toString()).signum() < 0) {
            String field = where + ".amounts." + key + ".term" + term;
            throw new IllegalStateException(source + ": line " + json.line(field) + ", field " + field
                + ": needs an amount in baht");
          }
          parts[term - 1] = new BigDecimal(n.toString());
        }
        amounts.put(key, parts);
      }
      JsonObject eligible = o.getJsonObject("eligible", new JsonObject());
      Set<String> disadvantage = Set.copyOf(eligible.getJsonArray("disadvantage", new JsonArray()).stream()
          .map(String::valueOf).toList());
      items.add(new Item(o.getString("code"), o.getString("nameTh"), o.getString("nameEn"), per,
          o.getBoolean("onceAYear", false), disadvantage, amounts));
    }
    return new SubsidyRates(root.getInteger("fiscalYear"), root.getBoolean("example", false),
        root.getString("source", ""), List.copyOf(levels), List.copyOf(items));
  }
}
