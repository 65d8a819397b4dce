package th.obec.dmc.sheet;

/** How much of a workbook the server will read: beyond these a file is refused, not ground through. */
public record SheetLimits(int maxRows, int maxColumns) {
  public static final SheetLimits DEFAULT = new SheetLimits(200_000, 200);
}
