package th.obec.dmc.upload;

import io.vertx.core.json.JsonObject;

/**
 * A check that told the uploader something about another school: that a student is on its roll.
 * The officer needs it to arrange the move, so it is said, and every one is audited.
 */
public record Disclosure(String citizenId, String otherSchool, String otherArea) {
  JsonObject toJson() {
    return new JsonObject().put("citizenId", citizenId).put("schoolCode", otherSchool).put("areaCode", otherArea);
  }
}
