package th.obec.dmc.sheet;

import java.util.Arrays;

/**
 * A workbook's shared strings, packed into one character buffer with an offset per string, so that
 * a million short strings cost their characters and four bytes each rather than a String object
 * apiece. Capped in count and in total characters while the part streams.
 */
final class SharedStrings {
  private final SheetLimits limits;
  private final StringBuilder chars = new StringBuilder();
  private int[] ends = new int[1024];
  private int count;

  SharedStrings(SheetLimits limits) {
    this.limits = limits;
  }

  void add(CharSequence text) {
    if (count >= limits.maxSharedStrings()) {
      throw SheetProblems.tooManyStrings("more than " + limits.maxSharedStrings() + " strings");
    }
    if ((long) chars.length() + text.length() > limits.maxSharedChars()) {
      throw SheetProblems.tooManyStrings("more than " + limits.maxSharedChars() + " characters");
    }
    chars.append(text);
    if (count == ends.length) ends = Arrays.copyOf(ends, ends.length * 2);
    ends[count++] = chars.length();
  }

  /**
   * The string at {@code index}, cut at {@link SheetLimits#MAX_READ_CHARS}, or null when the workbook names one it
   * does not have: each reference is a copy, so the cut bounds what a file's references can cost.
   */
  String get(int index) {
    if (index < 0 || index >= count) return null;
    int start = index == 0 ? 0 : ends[index - 1];
    return chars.substring(start, Math.min(ends[index], start + SheetLimits.MAX_READ_CHARS));
  }

  int size() {
    return count;
  }
}
