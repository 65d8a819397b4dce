package th.obec.dmc.registry;

import io.vertx.core.json.JsonObject;

/** A school of the registry: its 10-digit code, Thai name, area and province, and OBEC's 6-digit code if known. */
public record School(String code, String nameTh, String areaCode, String province, String obecCode) {

  /** Whether a school code as a file wrote it (10 digits, 8 made 10, or OBEC's 6) names this school. */
  public boolean isNamedBy(String code) {
    return this.code.equals(code) || code.equals(obecCode);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("nameTh", nameTh)
        .put("areaCode", areaCode)
        .put("province", province)
        .put("obecCode", obecCode);
  }
}
