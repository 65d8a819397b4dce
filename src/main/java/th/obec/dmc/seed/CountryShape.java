package th.obec.dmc.seed;

import java.util.Random;

/**
 * The shape of a synthetic country: areas (primary and secondary, in OBEC's proportion of 183 to 62) and
 * schools whose sizes follow a log-normal spread like the real one: a median near 120 students, many
 * schools under 20, a few over 3,000, secondary schools larger. The sizes add up to exactly the total asked.
 */
record CountryShape(int areas, int primaryAreas, String[] schoolCodes, String[] schoolAreas, int[] sizes,
                    boolean[] secondary) {

  static CountryShape of(int areas, int schools, long students, long seed) {
    if (areas < 1 || schools < areas || students < schools) {
      throw new IllegalArgumentException("need 1 <= areas <= schools <= students");
    }
    int primaryAreas = areas == 1 ? 1 : Math.max(1, (int) Math.round(areas * 183.0 / 245));
    int secondaryAreas = areas - primaryAreas;
    Random random = new Random(seed);
    String[] codes = new String[schools];
    String[] schoolAreas = new String[schools];
    boolean[] secondary = new boolean[schools];
    double[] raw = new double[schools];
    double sum = 0;
    int secondaryIndex = 0;
    int primaryIndex = 0;
    for (int i = 0; i < schools; i++) {
      codes[i] = String.format("10%08d", i + 1);
      // One school in twelve is secondary (about OBEC's share), where there are secondary areas.
      secondary[i] = secondaryAreas > 0 && i % 12 == 0;
      schoolAreas[i] = secondary[i] ? areaCode(primaryAreas + secondaryIndex++ % secondaryAreas, primaryAreas)
          : areaCode(primaryIndex++ % primaryAreas, primaryAreas);
      raw[i] = Math.exp(Math.log(secondary[i] ? 480 : 110) + 1.05 * random.nextGaussian());
      sum += raw[i];
    }
    // Scaled to the total asked, within 3 and 4,500 students a school (the largest real schools).
    int cap = (int) Math.max(3, Math.min(4500, students));
    int[] sizes = new int[schools];
    double factor = students / sum;
    long total = 0;
    for (int round = 0; round < 50; round++) {
      total = 0;
      for (int i = 0; i < schools; i++) {
        sizes[i] = (int) Math.max(Math.min(3, students / schools), Math.min(cap, Math.round(raw[i] * factor)));
        total += sizes[i];
      }
      if (total == students) break;
      factor *= (double) students / total;
    }
    // What rounding leaves over goes one student at a time to the schools that still have room.
    for (int i = 0; total != students; i = (i + 1) % schools) {
      int step = total < students ? 1 : -1;
      if ((step > 0 && sizes[i] < cap) || (step < 0 && sizes[i] > 1)) {
        sizes[i] += step;
        total += step;
      }
    }
    return new CountryShape(areas, primaryAreas, codes, schoolAreas, sizes, secondary);
  }

  /** Primary areas are 1001, 1002, …; secondary areas 2001, 2002, …. */
  static String areaCode(int index, int primaryAreas) {
    return index < primaryAreas ? String.valueOf(1001 + index) : String.valueOf(2001 + index - primaryAreas);
  }

  long students() {
    long total = 0;
    for (int s : sizes) total += s;
    return total;
  }

  int smallest() {
    int min = Integer.MAX_VALUE;
    for (int s : sizes) min = Math.min(min, s);
    return min;
  }

  int largest() {
    int max = 0;
    for (int s : sizes) max = Math.max(max, s);
    return max;
  }

  long schoolsUnder(int size) {
    long n = 0;
    for (int s : sizes) if (s < size) n++;
    return n;
  }
}
