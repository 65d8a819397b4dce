package th.obec.dmc.exchange;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import org.apache.commons.csv.CSVFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.sheet.ReportWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the Exchange ZIP piece by piece: each call adds CSV lines and hands back the compressed bytes made
 * so far, so the caller can send them and ask for more only when the client has taken them. Entries carry a
 * fixed time and come in a fixed order, so the same closed round always gives the same bytes. Not
 * thread-safe; called from one worker job at a time.
 */
final class ExchangeZip {
  static final int FORMAT_VERSION = 2;

  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  private final ZipOutputStream zip = new ZipOutputStream(sink, StandardCharsets.UTF_8);
  private final LocalDateTime entryTime;
  private final JsonArray files = new JsonArray();
  private MessageDigest digest;
  private String current;
  private long rows;

  ExchangeZip(LocalDateTime entryTime) {
    this.entryTime = entryTime;
  }

  /** Starts a CSV entry with its header row (not counted as a row). */
  Buffer begin(String name, List<String> header) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(entryTime);
    zip.putNextEntry(entry);
    current = name;
    rows = 0;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    write(csvLine(header));
    return drain();
  }

  Buffer rows(List<List<String>> lines) throws IOException {
    for (List<String> line : lines) {
      write(csvLine(neutralised(line)));
      rows++;
    }
    return drain();
  }

  Buffer end() throws IOException {
    zip.closeEntry();
    files.add(new JsonObject().put("name", current).put("rows", rows)
        .put("sha256", HexFormat.of().formatHex(digest.digest())));
    return drain();
  }

  /** The manifest, last, and the end of the archive. */
  Buffer finish(JsonObject round) throws IOException {
    ZipEntry entry = new ZipEntry("manifest.json");
    entry.setTimeLocal(entryTime);
    zip.putNextEntry(entry);
    JsonObject manifest = round.copy().put("formatVersion", FORMAT_VERSION).put("files", files);
    zip.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
    zip.finish();
    return drain();
  }

  private void write(String line) throws IOException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    digest.update(bytes);
    zip.write(bytes);
  }

  private Buffer drain() {
    Buffer out = Buffer.buffer(sink.toByteArray());
    sink.reset();
    return out;
  }

  /**
   * A field that a spreadsheet opening the CSV would run as a formula (= + - @ first) gets a leading quote,
   * as OWASP advises for CSV injection: data stored before the upload rule, or text no rule covers, stays text.
   */
  static List<String> neutralised(List<String> fields) {
    List<String> out = new ArrayList<>(fields.size());
    for (String f : fields) out.add(f != null && ReportWriter.looksLikeFormula(f) ? "'" + f : f);
    return out;
  }

  /** RFC 4180 by Commons CSV: a field is quoted only when it must be, quotes doubled; CRLF ends the line. */
  static String csvLine(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    try {
      CSV.printRecord(sb, fields.toArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  private static final CSVFormat CSV = CSVFormat.RFC4180;
}
