package th.obec.dmc.sheet;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A finished workbook and its file names: an ASCII one for old clients, the Thai one per RFC 8187. */
public record WorkbookFile(byte[] bytes, String asciiName, String thaiName) {
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  public void send(RoutingContext ctx) {
    String encoded = URLEncoder.encode(thaiName, StandardCharsets.UTF_8).replace("+", "%20");
    ctx.response()
        .putHeader("Content-Type", XLSX)
        .putHeader("Content-Disposition", "attachment; filename=\"" + asciiName + "\"; filename*=UTF-8''" + encoded)
        .putHeader("Cache-Control", "no-store")
        .end(Buffer.buffer(bytes));
  }
}
