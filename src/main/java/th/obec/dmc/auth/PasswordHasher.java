package th.obec.dmc.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Salted PBKDF2-HMAC-SHA256. The hash string carries its own iteration count so the cost can
 * rise later without invalidating stored passwords. Slow on purpose: call it on a worker.
 */
public final class PasswordHasher {
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  static final int ITERATIONS = 210_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  public static String hash(String password) {
    return hash(password, ITERATIONS);
  }

  /** At another cost: only for the synthetic accounts of a seeded country (see th.obec.dmc.seed). */
  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] key = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
  }

  /** Whether a stored hash is at another cost than today's, and should be made again at the next login. */
  static boolean outdated(String stored) {
    String[] parts = stored.split("\\$");
    return parts.length != 4 || !parts[1].equals(Integer.toString(ITERATIONS));
  }

  public static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) return false;
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static final Map<Integer, String> DECOYS = new ConcurrentHashMap<>();

  /**
   * A hash of a random password at {@code iterations}, compared against when the user is unknown, so that the
   * answer takes as long as for a real account (the caller passes the accounts' median count). Made once per
   * count, on the hashing worker that first needs it.
   */
  public static String decoy(int iterations) {
    return DECOYS.computeIfAbsent(iterations, n -> hash(Long.toString(RANDOM.nextLong()), n));
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
