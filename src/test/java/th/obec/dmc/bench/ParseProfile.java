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
    // "dmc": the portal's 36-column export (DmcExports); a path: that .xlsx; otherwise the benchmark's
    // 15-column workbook in openpyxl's shape. A third argument "xml" compares the XML parsers on its sheet alone.
    if (args.length > 1 && args[1].endsWith(".xlsx")) {
      Files.copy(Path.of(args[1]), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else if (args.length > 1 && args[1].equals("dmc")) {
      Files.copy(th.obec.dmc.support.DmcExports.portal(file.getParent(), "1040000001", "โรงเรียนทดสอบ", rows, 100_000).file(),
          file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.write(file, UploadBenchmark.workbook(rows, 7));
    }
    if (args.length > 2 && args[2].equals("xml")) {
      compareXmlParsers(file);
      Files.delete(file);
      return;
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

  /**
   * The sheet's XML alone, scanned to its last event by the JDK's SAX parser (as POI's XMLHelper makes it) and by
   * Aalto's StAX parser, alternately, five times each: which reader is faster on this file's shape.
   */
  private static void compareXmlParsers(Path file) throws Exception {
    byte[] xml;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
      xml = zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes();
    }
    javax.xml.stream.XMLInputFactory aalto = new com.fasterxml.aalto.stax.InputFactoryImpl();
    aalto.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      long[] events = {0};
      org.xml.sax.XMLReader sax = org.apache.poi.util.XMLHelper.newXMLReader();
      sax.setContentHandler(new org.xml.sax.helpers.DefaultHandler() {
        @Override public void startElement(String u, String l, String q, org.xml.sax.Attributes a) { events[0] += 1 + a.getLength(); }
        @Override public void characters(char[] ch, int s, int n) { events[0]++; }
      });
      sax.parse(new org.xml.sax.InputSource(new java.io.ByteArrayInputStream(xml)));
      long jdk = System.nanoTime() - start;
      start = System.nanoTime();
      long stax = 0;
      javax.xml.stream.XMLStreamReader r = aalto.createXMLStreamReader(new java.io.ByteArrayInputStream(xml));
      while (r.hasNext()) {
        int e = r.next();
        if (e == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
          stax += 1 + r.getAttributeCount();
          for (int a = 0; a < r.getAttributeCount(); a++) r.getAttributeValue(a);
        } else if (e == javax.xml.stream.XMLStreamConstants.CHARACTERS) {
          stax++;
          r.getTextCharacters();
        }
      }
      System.out.printf("sheet XML of %d MB: JDK SAX (POI's XMLHelper) %d ms, %d events; Aalto StAX %d ms, %d events%n",
          xml.length >> 20, jdk / 1_000_000, events[0], (System.nanoTime() - start) / 1_000_000, stax);
    }
  }
}
