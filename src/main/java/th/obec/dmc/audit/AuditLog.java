package th.obec.dmc.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import th.obec.dmc.kernel.Json;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import th.obec.dmc.auth.Principal;

import java.time.Instant;

/**
 * The append-only record of who changed what in the round and in the uploads. Events are written in the
 * same transaction as the change they describe, so there is no change without its event.
 */
public final class AuditLog {
  private final AuditRepository repository;

  public AuditLog(Pool pool) {
    this.repository = new AuditRepository(pool);
  }

  /** In the caller's transaction ({@code client}), so the event commits with the change, or neither does. */
  public Future<Void> record(SqlClient client, Principal actor, String action, String schoolCode, String areaCode,
                             JsonObject detail, Instant at) {
    return repository.insert(client, at, actor.username(), actor.role().wire(), action, schoolCode, areaCode, detail);
  }

  /** An event with no logged-in actor, such as a login refused for too many failures. */
  public Future<Void> recordAnonymous(SqlClient client, String username, String action, JsonObject detail, Instant at) {
    return repository.insert(client, at, username, "anonymous", action, null, null, detail);
  }

  /** A page of events, newest first, with how many there are in all. */
  Future<JsonObject> list(String schoolCode, String areaCode, Json.Page page) {
    return repository.count(schoolCode, areaCode).compose(total -> list(schoolCode, areaCode, page.size(), page.offset())
        .map(items -> page.answer(items, total)));
  }

  private Future<JsonArray> list(String schoolCode, String areaCode, int limit, int offset) {
    return repository.list(schoolCode, areaCode, limit, offset).map(list -> {
      JsonArray events = new JsonArray();
      for (AuditRepository.Event e : list) {
        events.add(new JsonObject()
            .put("id", e.id())
            .put("at", e.at().toString())
            .put("actor", e.actor())
            .put("role", e.role())
            .put("action", e.action())
            .put("schoolCode", e.schoolCode())
            .put("areaCode", e.areaCode())
            .put("detail", e.detail()));
      }
      return events;
    });
  }
}
