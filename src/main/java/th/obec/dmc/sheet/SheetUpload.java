package th.obec.dmc.sheet;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Bodies;
import th.obec.dmc.kernel.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A workbook sent either as the raw request body or as the multipart field {@code file}, spooled to
 * disk either way: the hash and the parse both read the file, and nothing holds the whole upload in memory.
 */
public final class SheetUpload {
  private final Path file;
  private final String filename;

  private SheetUpload(Path file, String filename) {
    this.file = file;
    this.filename = filename;
  }

  public static SheetUpload from(RoutingContext ctx) {
    for (FileUpload upload : ctx.fileUploads()) {
      if ("file".equals(upload.name())) {
        return new SheetUpload(Path.of(upload.uploadedFileName()), upload.fileName());
      }
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/")) {
      throw Problem.badRequest("MISSING_FILE", "The multipart form has no field named 'file'.",
          "ไม่พบไฟล์ในแบบฟอร์ม (ต้องใช้ชื่อฟิลด์ file)");
    }
    Bodies.Spooled spooled = ctx.get(Bodies.SPOOLED);
    if (spooled == null || spooled.bytes() == 0) {
      throw Problem.badRequest("MISSING_FILE", "Send the workbook as the request body or as multipart field 'file'.",
          "กรุณาแนบไฟล์ .xlsx หรือ .csv");
    }
    return new SheetUpload(spooled.path(), null);
  }

  /** A file already on disk, such as an upload a queued job kept. */
  public static SheetUpload of(Path file, String filename) {
    return new SheetUpload(file, filename);
  }

  public String filename() {
    return filename;
  }

  public Path path() {
    return file;
  }

  /** The file's SHA-256 in hex, streamed. Blocking: run it on the sheets worker pool. */
  public String sha256() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Blocking: run it on the sheets worker pool. */
  public void read(SheetSpec spec, SheetLimits limits, Consumer<RawRow> rows) {
    SheetReader.read(file, spec, limits, rows);
  }
}
