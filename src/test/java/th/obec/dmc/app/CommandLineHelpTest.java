package th.obec.dmc.app;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every subcommand explains itself: --help and -h print its options with their defaults and exit 0. */
class CommandLineHelpTest {
  private record Run(int exit, String output) {}

  private static Run run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command ends by itself");
    return new Run(p.exitValue(), output);
  }

  @Test
  void theTopLevelHelpListsTheSubcommands() throws Exception {
    Run r = run("--help");
    assertEquals(0, r.exit(), r.output());
    for (String sub : List.of("serve", "check-calendar", "seed", "drill")) assertTrue(r.output().contains(sub), r.output());
  }

  @Test
  void eachSubcommandPrintsItsOptionsAndDefaultsAndExitsZero() throws Exception {
    Run seed = run("seed", "--help");
    assertEquals(0, seed.exit(), seed.output());
    assertTrue(seed.output().contains("--areas") && seed.output().contains("default 245")
        && seed.output().contains("--hash-iterations") && seed.output().contains("Default: 1000"), seed.output());
    Run drill = run("drill", "-h");
    assertEquals(0, drill.exit(), drill.output());
    assertTrue(drill.output().contains("--target") && drill.output().contains("Default: 64")
        && drill.output().contains("Default: flat-out"), drill.output());
    Run calendar = run("check-calendar", "--help");
    assertEquals(0, calendar.exit(), calendar.output());
    assertTrue(calendar.output().contains("FILE"), calendar.output());
    Run serve = run("serve", "--help");
    assertEquals(0, serve.exit(), serve.output());
    assertTrue(serve.output().contains("Starts the server"), "help, not a server: " + serve.output());
  }

  @Test
  void wrongArgumentsSayWhatIsWrongAndExitTwo() throws Exception {
    Run unknown = run("seed", "--planets", "9");
    assertEquals(2, unknown.exit(), unknown.output());
    assertTrue(unknown.output().contains("--planets"), unknown.output());
    Run noTarget = run("drill");
    assertEquals(2, noTarget.exit(), noTarget.output());
    assertTrue(noTarget.output().contains("--target"), noTarget.output());
    Run ok = run("check-calendar", "src/main/resources/calendar/2566-2.json");
    assertEquals(0, ok.exit(), ok.output());
    assertTrue(ok.output().contains("academic year 2566 term 2"), ok.output());
  }
}
