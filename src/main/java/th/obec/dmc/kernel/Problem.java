package th.obec.dmc.kernel;

import io.vertx.core.json.JsonObject;

/**
 * An error a user can cause, with a stable code and a message in Thai and English.
 * Domain code throws it; only {@link ProblemHandler} turns it into HTTP.
 */
public class Problem extends RuntimeException {
  private final int status;
  private final String code;
  private final String title;
  private final String detailTh;
  private final JsonObject extra;
  private Integer retryAfterSeconds;

  public Problem(int status, String code, String title, String detail, String detailTh, JsonObject extra) {
    super(code + ": " + detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
    this.detailTh = detailTh;
    this.extra = extra == null ? new JsonObject() : extra;
  }

  public Problem(int status, String code, String title, String detail, String detailTh) {
    this(status, code, title, detail, detailTh, null);
  }

  /** 503: the server is at capacity for this kind of work; the client should retry after the given seconds. */
  public static Problem busy(String code, String detail, String detailTh, int retryAfterSeconds) {
    Problem p = new Problem(503, code, "Service busy", detail, detailTh);
    p.retryAfterSeconds = retryAfterSeconds;
    return p;
  }

  public Integer retryAfterSeconds() { return retryAfterSeconds; }

  /** The same problem, telling the client when to try again (429, 503). */
  public Problem retryAfter(int seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  public static Problem badRequest(String code, String detail, String detailTh) {
    return new Problem(400, code, "Bad request", detail, detailTh);
  }

  public static Problem unprocessable(String code, String detail, String detailTh, JsonObject extra) {
    return new Problem(422, code, "Unprocessable content", detail, detailTh, extra);
  }

  public static Problem notFound(String code, String detail, String detailTh) {
    return new Problem(404, code, "Not found", detail, detailTh);
  }

  public static Problem conflict(String code, String detail, String detailTh) {
    return new Problem(409, code, "Conflict", detail, detailTh);
  }

  public static Problem forbidden(String code, String detail, String detailTh) {
    return new Problem(403, code, "Forbidden", detail, detailTh);
  }

  public static Problem unauthorized(String code, String detail, String detailTh) {
    return new Problem(401, code, "Unauthorized", detail, detailTh);
  }

  public int status() { return status; }
  public String code() { return code; }
  public String title() { return title; }
  public String detail() { return getMessage().substring(code.length() + 2); }
  public String detailTh() { return detailTh; }

  public JsonObject toJson(String instance) {
    JsonObject body = new JsonObject()
        .put("type", "urn:dmc-gateway:problem:" + code.toLowerCase().replace('_', '-'))
        .put("title", title)
        .put("status", status)
        .put("code", code)
        .put("detail", detail())
        .put("detailTh", detailTh);
    if (instance != null) body.put("instance", instance);
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    return body;
  }
}
