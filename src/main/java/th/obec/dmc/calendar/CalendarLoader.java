package th.obec.dmc.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.LocatedJson;
import th.obec.dmc.auth.Role;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a calendar file (format in the README). A file that cannot be used stops start-up with a
 * message naming the file, the line and the field. Blocking: call it on a worker or before serving.
 */
public final class CalendarLoader {
  public static final String DEFAULT_RESOURCE = "calendar/2566-2.json";
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})(-.*)$");

  /** A calendar that cannot be used; the message says where and why. */
  public static final class CalendarException extends RuntimeException {
    public CalendarException(String message) {
      super(message);
    }
  }

  private final String source;
  private final LocatedJson json;

  private CalendarLoader(String source, LocatedJson json) {
    this.source = source;
    this.json = json;
  }

  public static RoundCalendar load(Optional<Path> file) {
    if (file.isPresent()) return fromFile(file.get());
    try (InputStream in = CalendarLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new CalendarException("the default calendar " + DEFAULT_RESOURCE + " is missing");
      return parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CalendarException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage());
    }
  }

  public static RoundCalendar fromFile(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CalendarException("calendar file " + file + ": cannot be read (" + e + ")");
    }
  }

  public static RoundCalendar parse(String source, String text) {
    try {
      return new CalendarLoader(source, LocatedJson.parse(text)).read();
    } catch (LocatedJson.SyntaxException e) {
      throw new CalendarException("calendar file " + source + ": line " + e.line + ": not valid JSON: " + e.getMessage());
    }
  }

  private RoundCalendar read() {
    JsonObject root = json.root();
    int year = integer(root, "academicYear", "academicYear", 2400, 2800);
    int term = integer(root, "term", "term", 1, 2);
    ZoneId zone = zone(root);
    JsonArray list = array(root, "phases", "phases");
    List<Phase> phases = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "phases[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject p)) throw fail(path, "must be an object");
      String code = text(p, "code", path + ".code");
      if (!codes.add(code)) throw fail(path + ".code", "phase " + code + " is listed twice");
      Instant start = time(p, "start", path + ".start", zone);
      Instant end = time(p, "end", path + ".end", zone);
      if (!end.isAfter(start)) throw fail(path + ".end", "must be after start");
      phases.add(new Phase(code, text(p, "step", path + ".step"), text(p, "nameTh", path + ".nameTh"),
          text(p, "nameEn", path + ".nameEn"), roles(p, path + ".roles"), start, end));
    }
    for (Action action : Action.values()) {
      if (!codes.contains(action.phaseCode())) {
        throw fail("phases", "phase " + action.phaseCode() + " is missing (it governs " + action.nameEn() + ")");
      }
    }
    return new RoundCalendar(year, term, zone, List.copyOf(phases));
  }

  private CalendarException fail(String path, String why) {
    return new CalendarException("calendar file " + source + ": line " + json.line(path) + ", field " + path + ": " + why);
  }

  private String text(JsonObject o, String key, String path) {
    Object v = o.getValue(key);
    if (v instanceof String s && !s.isBlank()) return s.trim();
    throw fail(path, v == null ? "is missing" : "must be non-empty text");
  }

  private int integer(JsonObject o, String key, String path, int min, int max) {
    Object v = o.getValue(key);
    if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) {
      throw fail(path, v == null ? "is missing" : "must be a whole number");
    }
    if (n.intValue() < min || n.intValue() > max) throw fail(path, "must be between " + min + " and " + max);
    return n.intValue();
  }

  private JsonArray array(JsonObject o, String key, String path) {
    Object v = o.getValue(key);
    if (v instanceof JsonArray a && !a.isEmpty()) return a;
    throw fail(path, v == null ? "is missing" : "must be a non-empty list");
  }

  private ZoneId zone(JsonObject root) {
    String id = text(root, "timezone", "timezone");
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw fail("timezone", "'" + id + "' is not a time zone such as Asia/Bangkok");
    }
  }

  private List<Role> roles(JsonObject p, String path) {
    JsonArray list = array(p, "roles", path);
    List<Role> roles = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object v = list.getValue(i);
      String where = path + "[" + i + "]";
      roles.add(Role.fromWire(v instanceof String s ? s : "").orElseThrow(
          () -> fail(where, "'" + v + "' is not a role (school_staff, school_director, area_staff, obec_admin)")));
    }
    return List.copyOf(roles);
  }

  /** Local times are in the calendar's zone; an explicit offset is honoured; a BE year is accepted. */
  private Instant time(JsonObject p, String key, String path, ZoneId zone) {
    String raw = text(p, key, path);
    String value = raw;
    Matcher m = YEAR.matcher(raw);
    if (m.matches()) value = ThaiDates.toCommonEra(Integer.parseInt(m.group(1))) + m.group(2);
    try {
      if (value.matches(".*([+-]\\d\\d:\\d\\d|Z)$")) return OffsetDateTime.parse(value).toInstant();
      return LocalDateTime.parse(value).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw fail(path, "'" + raw + "' is not a date-time such as 2023-11-10T08:30");
    }
  }
}
