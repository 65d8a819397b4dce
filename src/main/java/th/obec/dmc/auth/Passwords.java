package th.obec.dmc.auth;

import th.obec.dmc.kernel.Problem;

import java.security.SecureRandom;

/** The rules for a password a user chooses, and the initial passwords the server makes up. */
public final class Passwords {
  static final int MIN = 8;
  /** Long enough for any passphrase; short enough that hashing it costs the same as any other. */
  static final int MAX = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

  private Passwords() {}

  /** The rule, as the pages show it: one rule, the server's, so a page never asks for more or less. */
  public static io.vertx.core.json.JsonObject rule() {
    return new io.vertx.core.json.JsonObject().put("kind", "password").put("minLength", MIN).put("maxLength", MAX);
  }

  static void check(String password) {
    if (password.length() < MIN) {
      throw Problem.unprocessable("WEAK_PASSWORD", "A password needs at least " + MIN + " characters.",
          "รหัสผ่านต้องมีอย่างน้อย " + MIN + " ตัวอักษร", null);
    }
    if (password.length() > MAX) {
      throw Problem.unprocessable("PASSWORD_TOO_LONG", "A password has at most " + MAX + " characters.",
          "รหัสผ่านต้องยาวไม่เกิน " + MAX + " ตัวอักษร", null);
    }
  }

  /** Sixteen characters without look-alikes (no 0/O, 1/l/I), easy to read off a printed sheet. */
  static String random() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }
}
