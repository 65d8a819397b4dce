package th.obec.dmc.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import th.obec.dmc.kernel.Problem;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/** The rules for a password a user chooses, and the initial passwords the server makes up. */
public final class Passwords {
  static final int MIN = 8;
  /** Long enough for any passphrase; short enough that hashing it costs the same as any other. */
  static final int MAX = 256;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

  /** NIST SP 800-63B, 5.1.1.2: refuse common, expected and context-specific values; nothing else (no composition rules). */
  static final String SOURCE = "NIST SP 800-63B (2017, rev. 2020), section 5.1.1.2, Memorized Secret Verifiers";
  private static final Set<String> COMMON = common();
  /** The service's own names: a password made of them and a number is the first one guessed. */
  private static final List<String> SERVICE_WORDS = List.of("dmc", "obec", "สพฐ", "bobec", "b-obec");
  private static final List<String> KEYBOARD_ROWS = List.of("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
      "abcdefghijklmnopqrstuvwxyz", "0987654321");

  private Passwords() {}

  /** What a chosen password is checked against beside itself: the account's own names and the year. */
  record Context(String username, String schoolCode, String areaCode, int yearCe) {
    static Context of(String username, String schoolCode, String areaCode) {
      return new Context(username, schoolCode, areaCode, Year.now(ZoneId.of("Asia/Bangkok")).getValue());
    }

    List<String> words() {
      List<String> words = new ArrayList<>(SERVICE_WORDS);
      for (String w : new String[] {username, schoolCode, areaCode}) {
        if (w != null && w.length() >= 3) words.add(w.toLowerCase(Locale.ROOT));
      }
      for (int y = yearCe - 1; y <= yearCe + 1; y++) {
        words.add(Integer.toString(y));
        words.add(Integer.toString(y + 543));
      }
      // Longest first: the username "dmc.school1" goes whole before "dmc" takes part of it.
      words.sort(Comparator.comparingInt(String::length).reversed());
      return words;
    }
  }

  /** The rule, as the pages show it: one rule, the server's, so a page never asks for more or less. */
  public static JsonObject rule() {
    return new JsonObject().put("kind", "password").put("minLength", MIN).put("maxLength", MAX)
        .put("refused", new JsonArray()
            .add("common: " + COMMON.size() + " passwords of public breach lists")
            .add("repeated or sequential characters (aaaaaaaa, 12345678, qwertyui)")
            .add("the username, the school or area code, dmc/obec/สพฐ, or the year (CE or BE), with less than "
                + MIN + " other characters"))
        .put("source", SOURCE);
  }

  /** The refusal of a chosen password, if it is one: the length rule, then the deny-list. */
  static Optional<Problem> refusal(String password, Context context) {
    if (password.length() < MIN) {
      return Optional.of(Problem.unprocessable("WEAK_PASSWORD", "A password needs at least " + MIN + " characters.",
          "รหัสผ่านต้องมีอย่างน้อย " + MIN + " ตัวอักษร", null));
    }
    if (password.length() > MAX) {
      return Optional.of(Problem.unprocessable("PASSWORD_TOO_LONG", "A password has at most " + MAX + " characters.",
          "รหัสผ่านต้องยาวไม่เกิน " + MAX + " ตัวอักษร", null));
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String rest = lower;
    for (String word : context.words()) rest = rest.replace(word, "");
    if (COMMON.contains(lower) || trivial(lower)) {
      return Optional.of(Problem.unprocessable("COMMON_PASSWORD",
          "This password is among the most common or is a simple run of characters; choose another (a phrase works well).",
          "รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันทั่วไปหรือเป็นตัวอักษรเรียงกัน กรุณาเลือกรหัสผ่านอื่น (ใช้วลีที่จำง่ายก็ได้)", null));
    }
    if (rest.length() < MIN || COMMON.contains(rest) || trivial(rest)) {
      return Optional.of(Problem.unprocessable("CONTEXT_PASSWORD",
          "This password is mostly your username, your school or area code, DMC or the year; choose another.",
          "รหัสผ่านนี้ประกอบด้วยชื่อผู้ใช้ รหัสโรงเรียนหรือ สพท. คำว่า DMC หรือปี เป็นส่วนใหญ่ กรุณาเลือกรหัสผ่านอื่น", null));
    }
    return Optional.empty();
  }

  /** The same, thrown: for a request being read, where a refusal is the caller's 4xx at once. */
  static void check(String password, Context context) {
    Optional<Problem> refused = refusal(password, context);
    if (refused.isPresent()) throw refused.get();
  }

  /** One character repeated, or a straight run of a keyboard row or the alphabet, forwards or back. */
  private static boolean trivial(String s) {
    String core = s.replaceAll("[^\\p{L}\\p{N}]", "");
    if (core.isEmpty()) return true;
    if (core.chars().distinct().count() <= 2) return true;
    for (String row : KEYBOARD_ROWS) {
      if (row.contains(core) || new StringBuilder(row).reverse().toString().contains(core)) return true;
    }
    return false;
  }

  private static Set<String> common() {
    try (var in = Passwords.class.getResourceAsStream("/passwords/common.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the common-password list is missing from the build", e);
    }
  }

  /** Sixteen characters without look-alikes (no 0/O, 1/l/I), easy to read off a printed sheet. */
  static String random() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }
}
