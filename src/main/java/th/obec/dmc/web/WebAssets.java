package th.obec.dmc.web;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pages' files, read from the jar once at start (blocking: call it off the event loop) and kept in
 * memory with an ETag from their content, so a page revalidates with one small request on a slow link.
 */
public final class WebAssets {
  /** One file: its bytes, its type and its content hash. */
  record Asset(Buffer body, String contentType, String etag) {}

  private static final String JS = "text/javascript; charset=utf-8";
  private static final Map<String, String> FILES = Map.ofEntries(
      Map.entry("/index.html", "text/html; charset=utf-8"),
      Map.entry("/app.css", "text/css; charset=utf-8"),
      Map.entry("/app.js", JS),
      Map.entry("/state.js", JS),
      Map.entry("/i18n.js", JS),
      Map.entry("/api.js", JS),
      Map.entry("/dom.js", JS),
      Map.entry("/chart.js", JS),
      Map.entry("/pages/school.js", JS),
      Map.entry("/pages/area.js", JS),
      Map.entry("/pages/obec.js", JS));

  private final Map<String, Asset> assets;

  private WebAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  public static WebAssets load() throws IOException {
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : FILES.entrySet()) {
      try (InputStream in = WebAssets.class.getResourceAsStream("/web" + f.getKey())) {
        if (in == null) throw new IOException("missing web asset " + f.getKey());
        byte[] bytes = in.readAllBytes();
        assets.put(f.getKey(), new Asset(Buffer.buffer(bytes), f.getValue(), "\"" + sha256(bytes).substring(0, 20) + "\""));
      }
    }
    return new WebAssets(assets);
  }

  Asset get(String path) {
    return assets.get(path.equals("/") ? "/index.html" : path);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
