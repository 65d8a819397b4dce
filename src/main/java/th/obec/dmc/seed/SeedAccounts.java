package th.obec.dmc.seed;

import th.obec.dmc.auth.PasswordHasher;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.security.SecureRandom;
import java.util.stream.IntStream;

/**
 * The synthetic country's accounts: a staff member and a director for each school, a staff member for each
 * area, each with its own password. The passwords go to a CSV file only its owner can read; the drill reads it.
 */
final class SeedAccounts {
  static final String HEADER = "username,password,role,school_code,area_code";
  private static final String LETTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  record Account(String username, String password, String hash, String role, String schoolCode, String areaCode) {}

  private SeedAccounts() {}

  /**
   * Hashed on every core. {@code iterations} is PBKDF2's count for these synthetic accounts (the hash carries
   * it): 59,000 hashes at the production count would take an hour on two cores.
   */
  static List<Account> make(CountryShape shape, long seed, int iterations) {
    List<String[]> plain = new ArrayList<>();
    // Passwords from SecureRandom: the country's shape follows the seed, its passwords never do.
    SecureRandom random = new SecureRandom();
    for (int a = 0; a < shape.areas(); a++) {
      String area = CountryShape.areaCode(a, shape.primaryAreas());
      plain.add(new String[] {"area." + area, password(random), "area_staff", null, area});
    }
    for (String school : shape.schoolCodes()) {
      plain.add(new String[] {"staff." + school, password(random), "school_staff", school, null});
      plain.add(new String[] {"director." + school, password(random), "school_director", school, null});
    }
    return IntStream.range(0, plain.size()).parallel().mapToObj(i -> {
      String[] p = plain.get(i);
      return new Account(p[0], p[1], PasswordHasher.hash(p[1], iterations), p[2], p[3], p[4]);
    }).toList();
  }

  private static String password(SecureRandom random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 14; i++) b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    return b.toString();
  }

  /** Written as 0600 from its creation: the passwords are never readable by anyone else, even for a moment. */
  static void write(Path file, List<Account> accounts) throws IOException {
    Files.deleteIfExists(file);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(HEADER + "\n");
      for (Account a : accounts) {
        out.write(a.username() + "," + a.password() + "," + a.role() + "," + nullToEmpty(a.schoolCode()) + ","
            + nullToEmpty(a.areaCode()) + "\n");
      }
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
