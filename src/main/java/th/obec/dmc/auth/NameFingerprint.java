package th.obec.dmc.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What the log says of a typed username: a keyed hash (HMAC-SHA-256, 48 bits shown). People type their password
 * into the username field, and logs are shipped elsewhere; an unkeyed hash of a short password is reversed by
 * trying candidates, a keyed one only by whoever also holds the key, which never leaves the data folder. The same
 * name gives the same fingerprint on every node sharing the folder, so an operator can still follow one name.
 */
public final class NameFingerprint {
  private static final int KEY_BYTES = 32;
  private final SecretKeySpec key;

  NameFingerprint(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** The key in {@code dataDir/keys/log-fingerprint.key}, made on first start (owner-only). Blocking file I/O. */
  public static NameFingerprint load(Path dataDir) throws IOException {
    Path dir = dataDir.resolve("keys");
    Path file = dir.resolve("log-fingerprint.key");
    if (Files.exists(file)) return new NameFingerprint(Files.readAllBytes(file));
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createDirectories(dir);
    }
    Files.write(file, key);
    return new NameFingerprint(key);
  }

  public String of(String typed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(typed.getBytes(StandardCharsets.UTF_8)), 0, 6);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
