package th.obec.dmc.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a test class made outside itself (its database, its temporary folders) is removed when the class
 * ends, by this extension, registered for every test class through JUnit's extension auto-detection.
 */
public final class ClassResources implements AfterAllCallback {
  private static final Map<Class<?>, Deque<Runnable>> CLEANUPS = new ConcurrentHashMap<>();

  /** Runs {@code cleanup} after the class {@code owner} has finished, last registered first. */
  public static void afterClass(Class<?> owner, Runnable cleanup) {
    CLEANUPS.computeIfAbsent(owner, k -> new ArrayDeque<>()).push(cleanup);
  }

  /** A temporary folder that is deleted, with everything in it, after the class {@code owner}. */
  public static Path folder(Class<?> owner, String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    afterClass(owner, () -> delete(dir));
    return dir;
  }

  public static void delete(Path dir) {
    // -Ddmc.keepDirs=true keeps a failed run's folders (logs of the database tier, spools) to read afterwards.
    if (!Files.exists(dir) || Boolean.getBoolean("dmc.keepDirs")) return;
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Deque<Runnable> cleanups = CLEANUPS.remove(context.getRequiredTestClass());
    if (cleanups == null) return;
    while (!cleanups.isEmpty()) cleanups.pop().run();
  }
}
