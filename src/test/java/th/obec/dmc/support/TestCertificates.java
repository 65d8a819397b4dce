package th.obec.dmc.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for the tests that run the deployment's TLS for real, made with openssl as the operator would
 * (docs/operations.md, "Certificates"): a CA of the test's own, and certificates it signs for 127.0.0.1 and
 * localhost. Nothing here is committed; each test makes its own in its folder.
 */
public final class TestCertificates {
  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A new CA in {@code dir}: ca.crt and ca.key. */
  public static TestCertificates ca(Path dir) throws Exception {
    Files.createDirectories(dir);
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dmc test CA",
        "-keyout", "ca.key", "-out", "ca.crt");
    return new TestCertificates(dir);
  }

  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  /** {@code name}.crt and {@code name}.key, signed by the CA, for 127.0.0.1 and localhost. */
  public Path[] signed(String name) throws Exception {
    Path ext = dir.resolve(name + ".ext");
    Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key",
        "-out", name + ".csr");
    run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", ext.getFileName().toString(), "-out", name + ".crt");
    return new Path[] {dir.resolve(name + ".crt"), dir.resolve(name + ".key")};
  }

  /** The certificate, its key and the CA in one PEM file, as HAProxy's {@code crt} takes them. */
  public Path pem(String name) throws Exception {
    Path[] pair = signed(name);
    Path pem = dir.resolve(name + ".pem");
    Files.writeString(pem, Files.readString(pair[0]) + Files.readString(pair[1]) + Files.readString(caCert()));
    return pem;
  }

  private static void run(Path dir, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(all).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
  }
}
