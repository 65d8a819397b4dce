package th.obec.dmc.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The registry's records as the routes (and the import's audit event) write them. */
final class RegistryJson {
  private RegistryJson() {}

  static JsonObject imported(RegistryRepository.Imported imported) {
    JsonArray moved = new JsonArray(imported.moves().stream().map(m -> new JsonObject()
        .put("schoolCode", m.school()).put("from", m.from()).put("to", m.to())).toList());
    return new JsonObject().put("areas", counts(imported.areas())).put("schools", counts(imported.schools()))
        .put("moved", moved);
  }

  static JsonObject areas(List<RegistryRepository.AreaWithSchools> rows) {
    return new JsonObject()
        .put("items", new JsonArray(rows.stream().map(a -> a.area().toJson().put("schools", a.schools())).toList()))
        .put("total", rows.size());
  }

  static JsonObject schoolsOfArea(RegistryService.AreaSchools found) {
    return new JsonObject()
        .put("area", found.area().toJson())
        .put("items", new JsonArray(found.schools().stream().map(School::toJson).toList()))
        .put("total", found.schools().size());
  }

  static JsonObject school(RegistryService.SchoolInArea found) {
    return found.school().toJson().put("area", found.area().map(Area::toJson).orElse(null));
  }

  private static JsonObject counts(RegistryRepository.Counts c) {
    return new JsonObject().put("created", c.created()).put("updated", c.updated());
  }
}
