package th.obec.dmc.sheet;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.app.Problem;

import java.nio.file.Path;
import java.util.function.Consumer;

/** A workbook sent either as the raw request body or as the multipart field {@code file}. */
public final class SheetUpload {
  private final Path file;
  private final byte[] bytes;
  private final String filename;

  private SheetUpload(Path file, byte[] bytes, String filename) {
    this.file = file;
    this.bytes = bytes;
    this.filename = filename;
  }

  public static SheetUpload from(RoutingContext ctx) {
    for (FileUpload upload : ctx.fileUploads()) {
      if ("file".equals(upload.name())) {
        return new SheetUpload(Path.of(upload.uploadedFileName()), null, upload.fileName());
      }
    }
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/")) {
      throw Problem.badRequest("MISSING_FILE", "The multipart form has no field named 'file'.",
          "ไม่พบไฟล์ในแบบฟอร์ม (ต้องใช้ชื่อฟิลด์ file)");
    }
    io.vertx.core.buffer.Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw Problem.badRequest("MISSING_FILE", "Send the workbook as the request body or as multipart field 'file'.",
          "กรุณาแนบไฟล์ .xlsx หรือ .csv");
    }
    return new SheetUpload(null, body.getBytes(), null);
  }

  public String filename() {
    return filename;
  }

  /** The whole file. Blocking when it was spooled to disk: run it on the sheets worker pool. */
  public byte[] bytes() throws java.io.IOException {
    return file != null ? java.nio.file.Files.readAllBytes(file) : bytes;
  }

  /** Blocking: run it on the sheets worker pool. */
  public void read(SheetSpec spec, SheetLimits limits, Consumer<RawRow> rows) {
    if (file != null) {
      SheetReader.read(file, spec, limits, rows);
    } else {
      SheetReader.read(bytes, spec, limits, rows);
    }
  }
}
