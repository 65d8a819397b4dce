package th.obec.dmc.kernel;

import io.vertx.core.Future;
import java.util.Locale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes successful JSON answers; the body of a request is read through {@link #body}. */
public final class Json {
  private Json() {}

  /** The future's JSON (an object or an array) as the 200 answer, or its failure as the problem. */
  public static void reply(RoutingContext ctx, Future<?> answer) {
    answer.onSuccess(body -> {
      if (body instanceof JsonArray array) ok(ctx, array);
      else ok(ctx, (JsonObject) body);
    }).onFailure(ctx::fail);
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body.encode());
  }

  public static void ok(RoutingContext ctx, JsonArray body) {
    send(ctx, 200, body.encode());
  }

  public static void created(RoutingContext ctx, JsonObject body) {
    send(ctx, 201, body.encode());
  }

  private static void send(RoutingContext ctx, int status, String text) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(text);
  }

  /** The request body as a JSON object, or a problem a client can act on. */
  public static JsonObject body(RoutingContext ctx) {
    requireJsonType(ctx);
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) return body;
    } catch (RuntimeException e) {
      // falls through to the problem below: the text was not JSON
    }
    throw Problem.badRequest("INVALID_JSON", "The request body must be a JSON object.",
        "ข้อมูลที่ส่งมาต้องเป็น JSON object");
  }

  /**
   * A JSON body must say so. A browser sends text/plain and form bodies across sites without asking (no CORS
   * preflight), so a route that took JSON under those types could be driven by another site's form.
   */
  private static void requireJsonType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json")) return;
    throw new Problem(415, "JSON_REQUIRED", "Unsupported media type",
        "Send this body as JSON, with Content-Type: application/json.",
        "กรุณาส่งข้อมูลเป็น JSON พร้อมระบุ Content-Type: application/json");
  }

  /** The body as a JSON object, or an empty one when the request has no body: for routes whose body is optional. */
  public static JsonObject bodyOrEmpty(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0) return new JsonObject();
    return body(ctx);
  }

  public static String requiredText(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value instanceof String s && !s.isBlank()) return s.trim();
    throw Problem.badRequest("MISSING_FIELD", "The field '" + field + "' is required.",
        "ต้องระบุข้อมูล '" + field + "'");
  }

  /** The page asked for: {@code page} from 1, {@code size} up to {@code maxSize}; the same names on every list. */
  public record Page(int page, int size) {
    public int offset() {
      return (page - 1) * size;
    }

    /** The one shape of every list answer. */
    public JsonObject answer(JsonArray items, long total) {
      return new JsonObject().put("items", items).put("total", total).put("page", page).put("size", size);
    }
  }

  public static Page page(RoutingContext ctx, int defaultSize, int maxSize) {
    return new Page(intParam(ctx, "page", 1, 1, 1_000_000), intParam(ctx, "size", defaultSize, 1, maxSize));
  }

  /** A yes/no query parameter ({@code ?details=true}): true only when it says so. */
  public static boolean flag(RoutingContext ctx, String name) {
    return "true".equalsIgnoreCase(ctx.queryParams().get(name));
  }

  /** A whole-number query parameter within bounds, or a problem naming it. */
  public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) return fallback;
    try {
      int n = Integer.parseInt(raw);
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw Problem.badRequest("INVALID_PARAMETER", name + " must be a whole number from " + min + " to " + max + ".",
        "พารามิเตอร์ " + name + " ต้องเป็นตัวเลข " + min + " ถึง " + max);
  }
}
