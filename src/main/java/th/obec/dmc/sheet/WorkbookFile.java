package th.obec.dmc.sheet;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A finished workbook and its file names: an ASCII one for old clients, the Thai one per RFC 8187. */
public record WorkbookFile(byte[] bytes, String asciiName, String thaiName) {
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  /** An attachment header: the ASCII name for old clients, the Thai name per RFC 8187 for the rest. */
  static String disposition(String asciiName, String thaiName) {
    String encoded = URLEncoder.encode(thaiName, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + asciiName + "\"; filename*=UTF-8''" + encoded;
  }

  public void send(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", XLSX)
        .putHeader("Content-Disposition", disposition(asciiName, thaiName))
        .putHeader("Cache-Control", "no-store")
        .end(Buffer.buffer(bytes));
  }
}
