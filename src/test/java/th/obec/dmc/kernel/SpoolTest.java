package th.obec.dmc.kernel;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.ClassResources;
import th.obec.dmc.support.Ids;
import th.obec.dmc.support.TestDatabase;
import th.obec.dmc.support.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The upload spool (issue 19 item 15): the server's user alone reads it, and a crash's leftovers go at start. */
@ExtendWith(VertxExtension.class)
class SpoolTest {
  @Test
  void aStartSweepsWhatACrashLeftAndKeepsTheFolderPrivate(Vertx vertx) throws Exception {
    Path data = ClassResources.folder(SpoolTest.class, "dmc-spool");
    Path spool = Files.createDirectories(data.resolve("uploads"));
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path raw = Files.writeString(spool.resolve("raw-left-by-a-crash"), Ids.citizen(1) + ",ก,ข\n");
    Path queued = Files.writeString(spool.resolve("queued-left-by-a-crash"), Ids.citizen(2) + ",ค,ง\n");
    try (TestServer server = TestServer.start(vertx, TestDatabase.fresh(SpoolTest.class), data, Map.of())) {
      assertFalse(Files.exists(raw), "a crash's raw upload, with citizen IDs, is gone");
      assertFalse(Files.exists(queued));
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)));
    }
  }
}
