package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where account events go: the audit log, wired in by the composition root so that accounts do not
 * depend on the audit feature (which depends on accounts for its actor).
 */
public interface AccountAudit {
  /** {@code actor} null: a caller not logged in (a refused login), named by {@code username}. */
  Future<Void> record(Principal actor, String username, String action, String schoolCode, String areaCode,
                      JsonObject detail);
}
