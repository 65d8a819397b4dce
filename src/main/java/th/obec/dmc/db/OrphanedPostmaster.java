package th.obec.dmc.db;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When the JVM dies without its shutdown hook (SIGKILL, the OOM killer), its embedded PostgreSQL lives on
 * as an orphan holding the data folder, and the next start would wait for a lock that never comes. Before
 * starting, a postmaster that {@code postmaster.pid} names, that is alive, is a postgres, and serves this
 * very folder, is shut down cleanly (SIGTERM waits for nothing: its clients died with the JVM).
 */
final class OrphanedPostmaster {
  private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
  private static final Duration GRACE = Duration.ofSeconds(30);

  private OrphanedPostmaster() {}

  static void stopIfAny(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.size() < 2) return;
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty() || !isPostgresOf(process.get(), lines.get(1).trim(), data)) return;
    log.warn("event=orphaned_postmaster_found pid={} data={} note=\"left by an earlier run that did not stop; shutting it down\"",
        pid, data);
    process.get().destroy();
    try {
      process.get().onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("event=orphaned_postmaster_forced pid={}", pid);
      process.get().destroyForcibly();
      try {
        process.get().onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception again) {
        throw new IOException("the PostgreSQL left running on " + data + " (pid " + pid + ") does not stop", again);
      }
    }
    log.info("event=orphaned_postmaster_stopped pid={}", pid);
  }

  /** Its command is postgres, and the folder in its pid file is ours: never some other process that reused the pid. */
  private static boolean isPostgresOf(ProcessHandle process, String dataInPidFile, Path data) {
    boolean postgres = process.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
        .orElseGet(() -> cmdline(process.pid()).contains("postgres"));
    try {
      return postgres && Path.of(dataInPidFile).toRealPath().equals(data.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
