package th.obec.dmc.sheet;

import org.apache.poi.hssf.eventusermodel.FormatTrackingHSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFEventFactory;
import org.apache.poi.hssf.eventusermodel.HSSFListener;
import org.apache.poi.hssf.eventusermodel.HSSFRequest;
import org.apache.poi.hssf.record.BOFRecord;
import org.apache.poi.hssf.record.BoundSheetRecord;
import org.apache.poi.hssf.record.BoolErrRecord;
import org.apache.poi.hssf.record.CellValueRecordInterface;
import org.apache.poi.hssf.record.FormulaRecord;
import org.apache.poi.hssf.record.LabelRecord;
import org.apache.poi.hssf.record.LabelSSTRecord;
import org.apache.poi.hssf.record.NumberRecord;
import org.apache.poi.hssf.record.Record;
import org.apache.poi.hssf.record.RowRecord;
import org.apache.poi.hssf.record.SSTRecord;
import org.apache.poi.hssf.record.StringRecord;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The sheets of an Excel 97-2003 (.xls) file in order, streamed record by record with HSSF's event API
 * rather than loaded as a workbook of cell objects: numbers with every digit, date cells as ISO dates,
 * formulas by their cached values. The caps on rows, columns and shared strings apply as it streams.
 */
final class XlsRows {
  private XlsRows() {}

  static void read(POIFSFileSystem fs, SheetLimits limits, RowSink sink) throws Exception {
    Collector collector = new Collector(limits, sink);
    FormatTrackingHSSFListener formats = new FormatTrackingHSSFListener(collector);
    collector.formats = formats;
    HSSFRequest request = new HSSFRequest();
    request.addListenerForAllRecords(formats);
    new HSSFEventFactory().processWorkbookEvents(request, fs);
    collector.flush();
  }

  private static final class Collector implements HSSFListener {
    private final SheetLimits limits;
    private final RowSink sink;
    private FormatTrackingHSSFListener formats;
    private SSTRecord strings;
    /** The workbook names its sheets before their records begin, in the same order. */
    private final List<String> sheetNames = new ArrayList<>();
    private int sheet = -1;
    private int rowRecords;
    private int currentRow = -1;
    private List<String> cells = new ArrayList<>();
    private int rowsSent;
    /** A string formula's value comes in the StringRecord that follows it. */
    private FormulaRecord pendingFormula;

    Collector(SheetLimits limits, RowSink sink) {
      this.limits = limits;
      this.sink = sink;
    }

    @Override
    public void processRecord(Record record) {
      if (record instanceof BoundSheetRecord bound) {
        sheetNames.add(bound.getSheetname());
        return;
      }
      if (record instanceof BOFRecord bof) {
        if (bof.getType() == BOFRecord.TYPE_WORKSHEET) {
          flush();
          sheet++;
          sink.sheet(sheet < sheetNames.size() ? sheetNames.get(sheet) : "Sheet" + (sheet + 1));
        }
        return;
      }
      if (record instanceof SSTRecord sst) {
        if (sst.getNumUniqueStrings() > limits.maxSharedStrings()) {
          throw SheetProblems.tooManyStrings("more than " + limits.maxSharedStrings() + " strings");
        }
        strings = sst;
        return;
      }
      if (sheet < 0) return;
      if (record instanceof RowRecord) {
        if (++rowRecords > limits.maxSheetRows()) throw SheetProblems.tooManyRows(limits.maxRows());
        return;
      }
      if (record instanceof StringRecord s && pendingFormula != null) {
        put(pendingFormula, s.getString());
        pendingFormula = null;
        return;
      }
      if (!(record instanceof CellValueRecordInterface cell)) return;
      if (record instanceof LabelSSTRecord label) {
        int index = label.getSSTIndex();
        put(cell, strings == null || index >= strings.getNumUniqueStrings() ? "" : strings.getString(index).getString());
      } else if (record instanceof LabelRecord label) {
        put(cell, label.getValue());
      } else if (record instanceof NumberRecord number) {
        put(cell, number(cell, number.getValue()));
      } else if (record instanceof BoolErrRecord b) {
        put(cell, b.isBoolean() ? (b.getBooleanValue() ? "TRUE" : "FALSE")
            : FormulaError.forInt(b.getErrorValue()).getString());
      } else if (record instanceof FormulaRecord f) {
        formula(f);
      }
    }

    private void formula(FormulaRecord f) {
      CellType type = CellType.forInt(f.getCachedResultType());
      switch (type) {
        case STRING -> pendingFormula = f;
        case NUMERIC -> put(f, number(f, f.getValue()));
        case BOOLEAN -> put(f, f.getCachedBooleanValue() ? "TRUE" : "FALSE");
        case ERROR -> put(f, FormulaError.forInt(f.getCachedErrorValue()).getString());
        default -> put(f, "");
      }
    }

    private String number(CellValueRecordInterface cell, double value) {
      int format = formats.getFormatIndex(cell);
      String pattern = formats.getFormatString(cell);
      if (pattern != null && DateUtil.isADateFormat(format, pattern) && DateUtil.isValidExcelDate(value)) {
        return DateUtil.getLocalDateTime(value).toLocalDate().toString();
      }
      if (Double.isNaN(value) || Double.isInfinite(value)) return "";
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private void put(CellValueRecordInterface cell, String value) {
      int row = cell.getRow();
      int column = cell.getColumn();
      if (row != currentRow) {
        flush();
        currentRow = row;
      }
      if (column >= limits.maxColumns()) {
        throw SheetProblems.tooManyColumns(row + 1, CellRef.letters(column), limits.maxColumns());
      }
      if (value.length() > SheetLimits.MAX_CELL_CHARS) throw SheetProblems.cellTooLong(row + 1, CellRef.letters(column));
      while (cells.size() < column) cells.add("");
      if (column < cells.size()) cells.set(column, value);
      else cells.add(value);
    }

    void flush() {
      if (currentRow < 0) return;
      if (++rowsSent > limits.maxSheetRows()) throw SheetProblems.tooManyRows(limits.maxRows());
      sink.row(currentRow + 1, cells);
      cells = new ArrayList<>();
      currentRow = -1;
    }
  }
}
