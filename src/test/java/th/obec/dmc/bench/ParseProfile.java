package th.obec.dmc.bench;

import th.obec.dmc.sheet.CellErrors;
import th.obec.dmc.sheet.RowValidator;
import th.obec.dmc.sheet.SheetLimits;
import th.obec.dmc.sheet.SheetReader;
import th.obec.dmc.sheet.SheetSpec;
import th.obec.dmc.sheet.SheetSpecs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The upload's parse stage alone, for a profiler: the benchmark's 100,000-row students workbook read and
 * checked against its spec five times, as the pipeline does on the sheets pool.
 *
 * <pre>java -XX:StartFlightRecording=filename=parse.jfr,settings=profile \
 *   -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.bench.ParseProfile [rows [dmc]]
 * jfr print --events jdk.ExecutionSample parse.jfr</pre>
 */
public final class ParseProfile {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path file = Files.createTempFile("dmc-parse", ".xlsx");
    // "dmc": the portal's 36-column export (DmcExports) instead of the benchmark's 13-column workbook.
    if (args.length > 1 && args[1].equals("dmc")) {
      Files.copy(th.obec.dmc.support.DmcExports.portal(file.getParent(), "1040000001", "โรงเรียนทดสอบ", rows, 100_000).file(),
          file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.write(file, UploadBenchmark.workbook(rows, 7));
    }
    SheetSpec spec = SheetSpecs.load("students");
    RowValidator validator = new RowValidator(spec);
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      CellErrors errors = new CellErrors(spec);
      int[] read = {0};
      SheetReader.read(file, spec, SheetLimits.DEFAULT, raw -> {
        read[0]++;
        validator.validate(raw, errors);
      });
      System.out.printf("parse and check %d rows: %d ms, %d errors%n", read[0], (System.nanoTime() - start) / 1_000_000,
          errors.size());
    }
    Files.delete(file);
  }
}
