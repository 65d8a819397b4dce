package th.obec.dmc.upload;

/** What a committed upload did to the stored records. */
public record Changes(int inserted, int updated, int unchanged) {
  public static final Changes NONE = new Changes(0, 0, 0);

  /** From an upsert's two counts (rows inserted, rows written) out of the rows sent; the rest were unchanged. */
  public static Changes counted(int inserted, int written, int rows) {
    return new Changes(inserted, written - inserted, rows - written);
  }

  public Changes plus(Changes more) {
    return new Changes(inserted + more.inserted, updated + more.updated, unchanged + more.unchanged);
  }
}
