package th.obec.dmc.existence;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.registry.RegistryService;

import java.time.ZoneId;
import java.util.List;

/**
 * What the area and OBEC pages draw: answers and certifications per quarter hour through the day, and each area's
 * schools by state, sorted so the areas furthest behind come first. Read from kept counts.
 */
final class DayProgress {
  static final int BUCKET_MINUTES = 15;

  private final DayProgressRepository repository;
  private final RegistryService registry;
  private final Round round;
  private final ZoneId zone;

  DayProgress(DayProgressRepository repository, RegistryService registry, Round round, ZoneId zone) {
    this.repository = repository;
    this.registry = registry;
    this.round = round;
    this.zone = zone;
  }

  Future<JsonObject> areaTimeline(String area) {
    return registry.schoolCodesOfArea(area).compose(codes -> repository.areaTimeline(round, codes))
        .map(quarters -> timeline(quarters).put("areaCode", area));
  }

  Future<JsonObject> nationalTimeline() {
    return repository.nationalTimeline(round).map(this::timeline);
  }

  /** Every area with its schools by state; the least certified first. */
  Future<JsonObject> areas() {
    return repository.areas(round).compose(states -> registry.areas().map(registered -> {
      Map<String, String> names = new HashMap<>();
      registered.getJsonArray("items").forEach(o -> {
        JsonObject a = (JsonObject) o;
        names.put(a.getString("code"), a.getString("nameTh"));
      });
      List<DayProgressRepository.AreaStates> sorted = states.stream()
          .sorted(Comparator.comparingDouble((DayProgressRepository.AreaStates s) ->
              s.schools() == 0 ? 1 : (double) s.certified() / s.schools()).thenComparing(DayProgressRepository.AreaStates::areaCode))
          .toList();
      JsonArray items = new JsonArray();
      for (DayProgressRepository.AreaStates s : sorted) {
        items.add(new JsonObject().put("areaCode", s.areaCode()).put("areaName", names.get(s.areaCode()))
            .put("schools", s.schools()).put("certified", s.certified()).put("confirming", s.confirming())
            .put("notStarted", s.schools() - s.certified() - s.confirming()));
      }
      return new JsonObject().put("items", items).put("total", items.size());
    }));
  }

  private JsonObject timeline(List<DayProgressRepository.Quarter> quarters) {
    JsonArray items = new JsonArray();
    for (DayProgressRepository.Quarter q : quarters) {
      items.add(new JsonObject().put("start", q.start().atZoneSameInstant(zone).toOffsetDateTime().toString())
          .put("present", q.present()).put("notPresent", q.notPresent()).put("certified", q.certified()));
    }
    return new JsonObject().put("bucketMinutes", BUCKET_MINUTES).put("items", items);
  }
}
