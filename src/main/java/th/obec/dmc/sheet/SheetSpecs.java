package th.obec.dmc.sheet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.LocatedJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Loads the column specs shipped from {@code templates/}: the one source of truth for each workbook. */
public final class SheetSpecs {
  private SheetSpecs() {}

  public static SheetSpec load(String kind) {
    String resource = "templates/" + kind + ".json";
    try (InputStream in = SheetSpecs.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing column spec " + resource);
      JsonObject root = LocatedJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).root();
      List<ColumnSpec> columns = new ArrayList<>();
      JsonArray list = root.getJsonArray("columns");
      for (int i = 0; i < list.size(); i++) columns.add(column(list.getJsonObject(i)));
      return new SheetSpec(root.getString("kind"), root.getString("sheetNameTh"), root.getString("sheetNameEn"),
          root.getString("titleTh"), root.getString("titleEn"), List.copyOf(columns),
          java.util.Set.copyOf(root.getJsonArray("warnings", new JsonArray()).stream().map(String::valueOf).toList()),
          root.getJsonArray("promotion", new JsonArray()).stream().map(track -> ((JsonArray) track).stream()
              .map(String::valueOf).toList()).toList());
    } catch (IOException | LocatedJson.SyntaxException e) {
      throw new IllegalStateException("cannot read column spec " + resource + ": " + e.getMessage(), e);
    }
  }

  private static ColumnSpec column(JsonObject c) {
    List<CodeOption> codes = new ArrayList<>();
    JsonArray list = c.getJsonArray("codes", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject o = list.getJsonObject(i);
      List<String> aliases = o.getJsonArray("aliases", new JsonArray()).stream().map(String::valueOf).toList();
      codes.add(new CodeOption(o.getString("code"), o.getString("labelTh"), o.getString("labelEn"), aliases));
    }
    return new ColumnSpec(c.getString("key"), c.getString("headerTh"), c.getString("headerEn"),
        c.getString("type", "text"), c.getBoolean("required", false),
        Optional.ofNullable(c.getString("pattern")).map(Pattern::compile),
        c.getInteger("maxLength", 500), List.copyOf(codes), c.getInteger("width", 15), c.getString("help", ""),
        Optional.ofNullable(c.getValue("min")).map(v -> new java.math.BigDecimal(v.toString())),
        Optional.ofNullable(c.getValue("max")).map(v -> new java.math.BigDecimal(v.toString())),
        c.getBoolean("name", false), c.getBoolean("otherAllowed", false),
        c.getJsonArray("headerAliases", new JsonArray()).stream().map(String::valueOf).toList());
  }
}
