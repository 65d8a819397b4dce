package th.obec.dmc.sheet;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Fails with the given problem once more than {@code max} bytes have been read. */
final class LimitedInputStream extends FilterInputStream {
  private final long max;
  private final Supplier<RuntimeException> tooLarge;
  private long read;

  LimitedInputStream(InputStream in, long max, Supplier<RuntimeException> tooLarge) {
    super(in);
    this.max = max;
    this.tooLarge = tooLarge;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) count(1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) count(n);
    return n;
  }

  private void count(int n) {
    read += n;
    if (read > max) throw tooLarge.get();
  }
}
