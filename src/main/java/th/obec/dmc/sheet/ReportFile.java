package th.obec.dmc.sheet;

import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A finished report on disk: sent from the file (never held in memory), then deleted. */
public record ReportFile(Path path, String asciiName, String thaiName) {

  /** Writes the workbook to a temporary file and closes it. Blocking: on the sheets pool. */
  public static ReportFile of(ReportWriter writer, String asciiName, String thaiName) throws IOException {
    Path file = Files.createTempFile("dmc-report-", ".xlsx");
    try (writer; OutputStream out = Files.newOutputStream(file)) {
      writer.write(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new ReportFile(file, asciiName, thaiName);
  }

  public void send(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", WorkbookFile.XLSX)
        .putHeader("Content-Disposition", WorkbookFile.disposition(asciiName, thaiName))
        .sendFile(path.toString())
        .onComplete(done -> path.toFile().delete());
  }
}
