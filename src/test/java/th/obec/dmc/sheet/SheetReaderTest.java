package th.obec.dmc.sheet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import th.obec.dmc.support.Ids;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader over whole files, without a server. */
class SheetReaderTest {
  @Test
  void aWorkbookWithoutSharedStringsIsReadWithoutAWarning() throws Exception {
    SheetSpec spec = SheetSpecs.load("students");
    ReportWriter w = new ReportWriter();
    w.sheet("ข้อมูล", "รายชื่อ", spec.forTemplate().columns());
    w.row(List.of(Ids.citizen(1), "1", "เด็กชาย", "ก", "ข", "M", "13/05/2556", "ป.4", "1"));
    ReportFile file = ReportFile.of(w, "roll.xlsx", "roll.xlsx");
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    List<RawRow> rows = new ArrayList<>();
    try {
      SheetReader.read(file.path(), spec, SheetLimits.DEFAULT, rows::add);
    } finally {
      root.detachAppender(logged);
      Files.deleteIfExists(file.path());
    }
    assertEquals(1, rows.size());
    assertEquals(Ids.citizen(1), rows.get(0).get("citizen_id"));
    assertTrue(logged.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)),
        "a workbook with inline strings only is normal: " + logged.list);
  }
}
