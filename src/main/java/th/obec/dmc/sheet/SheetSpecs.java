package th.obec.dmc.sheet;

import java.util.HashSet;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.LocatedJson;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads the column specs shipped from {@code templates/}: the one source of truth for each workbook. A column
 * names a shared code list of {@code templates/codes.json} with {@code "codeList"}, so a list such as the
 * nationalities lives once for every column and workbook that uses it.
 */
public final class SheetSpecs {
  private static final JsonObject CODE_LISTS = template("codes").getJsonObject("lists");

  private SheetSpecs() {}

  public static SheetSpec load(String kind) {
    JsonObject root = template(kind);
    List<ColumnSpec> columns = new ArrayList<>();
    JsonArray list = root.getJsonArray("columns");
    for (int i = 0; i < list.size(); i++) columns.add(column(kind, list.getJsonObject(i)));
    return new SheetSpec(root.getString("kind"), root.getString("sheetNameTh"), root.getString("sheetNameEn"),
        root.getString("titleTh"), root.getString("titleEn"), List.copyOf(columns),
        Set.copyOf(strings(root.getJsonArray("warnings"))),
        root.getJsonArray("promotion", new JsonArray()).stream().map(track -> strings((JsonArray) track)).toList());
  }

  /** One file of {@code templates/}, parsed; a missing or broken file fails naming it. */
  public static JsonObject template(String name) {
    String resource = "templates/" + name + ".json";
    try (InputStream in = SheetSpecs.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing " + resource);
      return LocatedJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).root();
    } catch (IOException | LocatedJson.SyntaxException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  private static ColumnSpec column(String kind, JsonObject c) {
    JsonObject codeList = new JsonObject();
    if (c.getString("codeList") != null) {
      codeList = CODE_LISTS.getJsonObject(c.getString("codeList"));
      if (codeList == null) {
        throw new IllegalStateException("templates/" + kind + ".json: column " + c.getString("key")
            + " names the code list " + c.getString("codeList") + ", which templates/codes.json lacks");
      }
    }
    List<CodeOption> codes = new ArrayList<>();
    JsonArray list = c.getJsonArray("codes", codeList.getJsonArray("codes", new JsonArray()));
    for (int i = 0; i < list.size(); i++) {
      JsonObject o = list.getJsonObject(i);
      codes.add(new CodeOption(o.getString("code"), o.getString("labelTh"), o.getString("labelEn"),
          strings(o.getJsonArray("aliases"))));
    }
    return ColumnSpec.of(c.getString("key"), c.getString("headerTh"), c.getString("headerEn"),
        c.getString("type", "text"), c.getBoolean("required", false),
        Optional.ofNullable(c.getString("pattern")).map(Pattern::compile),
        c.getInteger("maxLength", 500), List.copyOf(codes), c.getInteger("width", 15), c.getString("help", ""),
        Optional.ofNullable(c.getValue("min")).map(v -> new BigDecimal(v.toString())),
        Optional.ofNullable(c.getValue("max")).map(v -> new BigDecimal(v.toString())),
        c.getBoolean("name", false), c.getBoolean("otherAllowed", false), strings(c.getJsonArray("headerAliases")),
        Set.copyOf(strings(codeList.getJsonArray("none"))), Optional.ofNullable(codeList.getString("otherCode")),
        c.getBoolean("inTemplate", true), Optional.ofNullable(c.getString("secondCopy")),
        Optional.ofNullable(c.getString("within")), refused(c.getJsonObject("notCounted")));
  }

  /** {"values": [...], "en": ..., "th": ...}: values refused with their own note. */
  private static Optional<ColumnSpec.Refused> refused(JsonObject o) {
    if (o == null) return Optional.empty();
    Set<String> folded = new HashSet<>();
    strings(o.getJsonArray("values")).forEach(v -> folded.add(ColumnSpec.fold(v)));
    return Optional.of(new ColumnSpec.Refused(Set.copyOf(folded), o.getString("en"), o.getString("th")));
  }
}
