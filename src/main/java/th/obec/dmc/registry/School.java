package th.obec.dmc.registry;

import io.vertx.core.json.JsonObject;

/** A school of the registry: its 10-digit code, Thai name, area and province. */
public record School(String code, String nameTh, String areaCode, String province) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("nameTh", nameTh)
        .put("areaCode", areaCode)
        .put("province", province);
  }
}
