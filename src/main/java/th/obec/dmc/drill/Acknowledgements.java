package th.obec.dmc.drill;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code drill --acks FILE}: every write the gateway acknowledged, one CSV line each, written as the 2xx
 * arrives: {@code epoch_millis,kind,school,what} where what is {@code grade/room} for a room, the student IDs
 * (separated by ;) for answers, and empty for a certification. A failover or restore drill checks the
 * database against it: every answer acknowledged before a moment must be there after it.
 */
final class Acknowledgements implements AutoCloseable {
  static final Acknowledgements NONE = new Acknowledgements(null);

  private final BufferedWriter out;

  private Acknowledgements(BufferedWriter out) {
    this.out = out;
  }

  static Acknowledgements to(Path file) throws IOException {
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write("epoch_millis,kind,school,what\n");
    return new Acknowledgements(out);
  }

  synchronized void record(String kind, String school, String what) {
    if (out == null) return;
    try {
      // The wall clock, not a business clock: the times are compared with the database's own clock_timestamp()
      // (a restore's target) on the same machine. Flushed at once: the file is read while the drill still runs.
      out.write(System.currentTimeMillis() + "," + kind + "," + school + "," + what + "\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) out.close();
  }
}
