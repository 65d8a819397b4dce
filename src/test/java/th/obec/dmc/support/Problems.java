package th.obec.dmc.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asserts that an answer is an RFC 9457 problem with the expected status and code, in Thai and English. */
public final class Problems {
  private Problems() {}

  public static JsonObject assertProblem(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), () -> "status of " + r.bodyAsString());
    assertTrue(r.getHeader("Content-Type").startsWith("application/problem+json"), r.getHeader("Content-Type"));
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(code, body.getString("code"), body::encodePrettily);
    assertEquals(status, body.getInteger("status"));
    assertNotNull(body.getString("type"));
    assertNotNull(body.getString("title"));
    assertFalse(body.getString("detail", "").isBlank(), "English detail");
    assertTrue(body.getString("detailTh", "").codePoints().anyMatch(c -> c >= 0x0E00 && c <= 0x0E7F),
        () -> "Thai detail: " + body.getString("detailTh"));
    assertFalse(body.encode().contains("\tat "), "no stack trace");
    return body;
  }
}
