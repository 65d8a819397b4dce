package th.obec.dmc.kernel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON read together with the line of every value, so that a bad configuration file can be
 * reported as "line 12, field phases[3].start" rather than just "invalid".
 */
public final class LocatedJson {
  private final JsonObject root;
  private final Map<String, Integer> lines;

  private LocatedJson(JsonObject root, Map<String, Integer> lines) {
    this.root = root;
    this.lines = lines;
  }

  public JsonObject root() { return root; }

  /** The line of the value at a path such as {@code phases[2].start}; the nearest parent's if absent. */
  public int line(String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) return line;
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return lines.getOrDefault("", 1);
      p = p.substring(0, cut);
    }
  }

  /** Thrown for text that is not JSON; carries the line where reading stopped. */
  public static final class SyntaxException extends Exception {
    public final int line;

    SyntaxException(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  public static LocatedJson parse(String text) throws SyntaxException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = new JsonFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new SyntaxException(parser.currentLocation().getLineNr(), "the file must hold one JSON object");
      }
      lines.put("", parser.currentLocation().getLineNr());
      JsonObject root = readObject(parser, "", lines);
      if (parser.nextToken() != null) {
        throw new SyntaxException(parser.currentLocation().getLineNr(), "text after the closing brace");
      }
      return new LocatedJson(root, lines);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new SyntaxException(line, e.getOriginalMessage());
    } catch (IOException e) {
      throw new SyntaxException(0, e.getMessage());
    }
  }

  private static JsonObject readObject(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
    JsonObject object = new JsonObject();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      String child = path.isEmpty() ? name : path + "." + name;
      JsonToken token = p.nextToken();
      lines.put(child, p.currentTokenLocation().getLineNr());
      object.put(name, readValue(p, token, child, lines));
    }
    return object;
  }

  private static JsonArray readArray(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
    JsonArray array = new JsonArray();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      String child = path + "[" + array.size() + "]";
      lines.put(child, p.currentTokenLocation().getLineNr());
      array.add(readValue(p, token, child, lines));
    }
    return array;
  }

  private static Object readValue(JsonParser p, JsonToken token, String path, Map<String, Integer> lines)
      throws IOException {
    switch (token) {
      case START_OBJECT: return readObject(p, path, lines);
      case START_ARRAY: return readArray(p, path, lines);
      case VALUE_STRING: return p.getText();
      case VALUE_NUMBER_INT: return p.getNumberValue();
      case VALUE_NUMBER_FLOAT: return p.getDecimalValue();
      case VALUE_TRUE: return Boolean.TRUE;
      case VALUE_FALSE: return Boolean.FALSE;
      case VALUE_NULL: return null;
      default: throw new IOException("unexpected " + token);
    }
  }
}
