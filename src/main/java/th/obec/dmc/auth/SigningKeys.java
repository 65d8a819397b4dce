package th.obec.dmc.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;

/**
 * The RS256 key pair that signs tokens, as PEM text. Configured files win; otherwise a pair is
 * generated into the data folder on first start and reused, so tokens survive a restart.
 * Blocking file I/O: call it before serving.
 */
public record SigningKeys(String privatePem, String publicPem) {
  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  public static SigningKeys load(Optional<Path> privateKey, Optional<Path> publicKey, Path dataDir) throws IOException {
    if (privateKey.isPresent() != publicKey.isPresent()) {
      throw new IllegalArgumentException("set both DMC_JWT_PRIVATE_KEY and DMC_JWT_PUBLIC_KEY, or neither");
    }
    if (privateKey.isPresent()) {
      return new SigningKeys(Files.readString(privateKey.get()), Files.readString(publicKey.get()));
    }
    Path dir = dataDir.resolve("keys");
    Path priv = dir.resolve("jwt-private.pem");
    Path pub = dir.resolve("jwt-public.pem");
    if (Files.exists(priv) && Files.exists(pub)) {
      return new SigningKeys(Files.readString(priv), Files.readString(pub));
    }
    SigningKeys keys = generate();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      // Created with their modes, never widened afterwards: no moment when another user could read the key.
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createDirectories(dir);
    }
    Files.writeString(pub, keys.publicPem, StandardCharsets.US_ASCII);
    Files.writeString(priv, keys.privatePem, StandardCharsets.US_ASCII);
    log.info("event=signing_keys_generated dir={}", dir);
    return keys;
  }

  public static SigningKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return new SigningKeys(pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
