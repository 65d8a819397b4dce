package th.obec.dmc.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the example files the README's first session sends: a registry of one area and three schools, and
 * the first school's roll as the DMC portal exports it (40 students, text inline as some tools save it).
 *
 * <pre>java -cp target/dmc-gateway.jar:target/test-classes th.obec.dmc.support.ExampleFiles examples</pre>
 */
public final class ExampleFiles {
  public static final String SCHOOL = "1063000001";

  private ExampleFiles() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("schools.csv"), """
        รหัส สพท.,ชื่อ สพท.,ประเภท สพท.,จังหวัด,รหัสโรงเรียน,ชื่อโรงเรียน
        6301,สพป.ตาก เขต 1,สพป.,ตาก,1063000001,โรงเรียนบ้านแม่ท้อ
        6301,สพป.ตาก เขต 1,สพป.,ตาก,1063000002,โรงเรียนบ้านห้วยยะอุ
        6301,สพป.ตาก เขต 1,สพป.,ตาก,1063000003,โรงเรียนวัดดอยเกียรติ
        """, StandardCharsets.UTF_8);
    Path work = Files.createTempDirectory("dmc-examples");
    DmcExports.Export roll = DmcExports.portal(work, SCHOOL, "โรงเรียนบ้านแม่ท้อ", 40, 630_000, false);
    Files.copy(roll.file(), dir.resolve("students-dmc.xlsx"), StandardCopyOption.REPLACE_EXISTING);
    System.out.println("wrote " + dir.resolve("schools.csv") + " and " + dir.resolve("students-dmc.xlsx"));
  }
}
