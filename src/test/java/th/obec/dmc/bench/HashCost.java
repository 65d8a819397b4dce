package th.obec.dmc.bench;

import th.obec.dmc.auth.PasswordHasher;

import java.util.Locale;

/**
 * What one login's password check costs a core: PBKDF2-HMAC-SHA256 at the production count and at the
 * seed's, timed after a warm-up. For the capacity model's 08:30 wave.
 *
 * <p>Run: {@code mvn -q -DskipTests package && java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.HashCost}
 */
public final class HashCost {
  private HashCost() {}

  public static void main(String[] args) {
    String production = PasswordHasher.hash("a-password-of-some-length");
    String seeded = PasswordHasher.hash("a-password-of-some-length", 1000);
    for (String[] c : new String[][] {{"210,000 (production)", production, "20"}, {"1,000 (seeded accounts)", seeded, "2000"}}) {
      int n = Integer.parseInt(c[2]);
      for (int i = 0; i < n / 4; i++) PasswordHasher.matches("a-password-of-some-length", c[1]);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) PasswordHasher.matches("a-password-of-some-length", c[1]);
      double ms = (System.nanoTime() - start) / 1e6 / n;
      System.out.printf(Locale.ROOT, "PBKDF2 at %s iterations: %.2f ms of one core a check (%d checks)%n", c[0], ms, n);
    }
  }
}
