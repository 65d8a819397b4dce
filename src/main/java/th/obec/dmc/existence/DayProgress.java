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

  /** The day in quarter hours: answers present and not present, and schools certified; an area's or the country's. */
  record Timeline(String areaCode, List<DayProgressRepository.Quarter> quarters, ZoneId zone) {
    JsonObject toJson() {
      JsonArray items = new JsonArray();
      for (DayProgressRepository.Quarter q : quarters) {
        items.add(new JsonObject().put("start", q.start().atZoneSameInstant(zone).toOffsetDateTime().toString())
            .put("present", q.present()).put("notPresent", q.notPresent()).put("certified", q.certified()));
      }
      JsonObject out = new JsonObject().put("bucketMinutes", BUCKET_MINUTES).put("items", items);
      return areaCode == null ? out : out.put("areaCode", areaCode);
    }
  }

  /** Every area with its schools by state, and the names the registry gives them. */
  record AreaStates(List<DayProgressRepository.AreaStates> areas, Map<String, String> names) {
    JsonObject toJson() {
      JsonArray items = new JsonArray();
      for (DayProgressRepository.AreaStates s : areas) {
        items.add(new JsonObject().put("areaCode", s.areaCode()).put("areaName", names.get(s.areaCode()))
            .put("schools", s.schools()).put("certified", s.certified()).put("confirming", s.confirming())
            .put("notStarted", s.schools() - s.certified() - s.confirming()));
      }
      return new JsonObject().put("items", items).put("total", items.size());
    }
  }

  Future<Timeline> areaTimeline(String area) {
    return registry.schoolCodesOfArea(area).compose(codes -> repository.areaTimeline(round, codes))
        .map(quarters -> new Timeline(area, quarters, zone));
  }

  Future<Timeline> nationalTimeline() {
    return repository.nationalTimeline(round).map(quarters -> new Timeline(null, quarters, zone));
  }

  /** Every area with its schools by state; the least certified first. */
  Future<AreaStates> areas() {
    return repository.areas(round).compose(states -> registry.areas().map(registered -> {
      Map<String, String> names = new HashMap<>();
      registered.forEach(a -> names.put(a.area().code(), a.area().nameTh()));
      List<DayProgressRepository.AreaStates> sorted = states.stream()
          .sorted(Comparator.comparingDouble((DayProgressRepository.AreaStates s) ->
              s.schools() == 0 ? 1 : (double) s.certified() / s.schools()).thenComparing(DayProgressRepository.AreaStates::areaCode))
          .toList();
      return new AreaStates(sorted, names);
    }));
  }
}
