package th.obec.dmc.upload;

/** What a committed upload did to the stored records. */
public record Changes(int inserted, int updated, int unchanged) {
  public static final Changes NONE = new Changes(0, 0, 0);
}
