package th.obec.dmc.registry;

import io.vertx.core.json.JsonObject;

/** An Educational Service Area office (สพท.): primary (สพป.) or secondary (สพม.). */
public record Area(String code, String nameTh, String kind, String province) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("nameTh", nameTh)
        .put("kind", kind)
        .put("kindTh", "primary".equals(kind) ? "สพป." : "สพม.")
        .put("province", province);
  }
}
