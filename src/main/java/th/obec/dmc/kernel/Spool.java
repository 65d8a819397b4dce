package th.obec.dmc.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The folder where uploads wait on disk while they are read: readable by the server's user alone, and
 * emptied at start. A crash leaves {@code raw-*} and {@code queued-*} files there, and they hold citizen IDs;
 * the uploads they belonged to are marked failed at start, so nothing will read them again.
 */
public final class Spool {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);
  /** The mode of a spooled file, for Vert.x's OpenOptions. */
  public static final String FILE_PERMS = "rw-------";

  private Spool() {}

  /** Blocking, at start, before any request: makes the folder 0700 and removes what a previous run left. */
  public static void prepare(Path spool) throws IOException {
    Files.createDirectories(spool);
    try {
      Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      log.warn("event=spool_permissions_unsupported folder={}", spool);
    }
    int swept = 0;
    try (Stream<Path> left = Files.list(spool)) {
      for (Path file : left.toList()) {
        if (Files.isRegularFile(file) && Files.deleteIfExists(file)) swept++;
      }
    }
    if (swept > 0) log.info("event=spool_swept folder={} files={}", spool, swept);
  }
}
