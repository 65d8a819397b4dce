package th.obec.dmc.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 32: the settings are nested records, each reading its own variables; the README's settings table lists
 * exactly the variables they read, so neither can gain or lose one without the other.
 */
class ConfigTest {
  /** A row of the table: its first cell names one variable or several. */
  private static final Pattern ROW = Pattern.compile("(?m)^\\| (`DMC_[^|]+)\\|(.*)$");
  private static final Pattern NAME = Pattern.compile("`(DMC_[A-Z_]+)`");

  @Test
  void theReadmesTableListsExactlyTheVariablesTheSettingsRead() throws Exception {
    Set<String> documented = new TreeSet<>();
    Matcher m = ROW.matcher(Files.readString(Path.of("README.md")));
    while (m.find()) {
      if (m.group(2).contains("Tests only")) continue; // read by the test suite, not by the server
      Matcher name = NAME.matcher(m.group(1));
      while (name.find()) documented.add(name.group(1));
    }
    assertEquals(Config.variables(), documented);
  }

  @Test
  void eachConcernReadsItsOwnVariables() {
    Config c = Config.fromEnv(Map.of("DMC_HTTP_PORT", "9000", "DMC_DB_POOL_SIZE", "7", "DMC_ANSWER_BATCH", "3",
        "DMC_SESSION_IDLE_MINUTES", "5", "DMC_MAX_ROWS", "10"));
    assertEquals(9000, c.http().port());
    assertEquals(7, c.database().poolSize());
    assertEquals(3, c.surge().answerBatch());
    assertEquals(5, c.sessions().idleMinutes());
    assertEquals(10, c.uploads().maxRows());
    assertEquals(4, c.surge().answerPerSchool(), "a default");
  }
}
