package th.obec.dmc.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The load tools a benchmark runs (wrk, pgbench, haproxy) come from Debian's packages, installed when missing. */
final class DebianPackages {
  private DebianPackages() {}

  /** Installs {@code pkg} unless {@code command} is already on the PATH; answers the command's path. */
  static String ensure(String command, String pkg) throws Exception {
    String found = onPath(command);
    if (found != null) return found;
    System.out.println("installing " + pkg + " (apt-get) for " + command);
    run("apt-get", "update", "-qq");
    run("apt-get", "install", "-y", "-qq", pkg);
    found = onPath(command);
    if (found == null) throw new IllegalStateException(pkg + " installed, but there is still no " + command);
    return found;
  }

  private static String onPath(String command) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) return Path.of(dir, command).toString();
    }
    return null;
  }

  static void run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    int code = pb.start().waitFor();
    if (code != 0) throw new IllegalStateException(String.join(" ", command) + " exited " + code);
  }
}
