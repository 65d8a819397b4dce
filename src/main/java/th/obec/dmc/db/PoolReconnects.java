package th.obec.dmc.db;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

/**
 * Counts the connections a pool opens to replace lost ones ({@code dmc_db_pool_reconnects_total{pool}}), the
 * pool's side of a failover: HAProxy cuts the clients of a demoted leader and the pool opens new ones to the
 * next. Vert.x tells a pool's connect handler of each new connection but of no close, so a reconnect is an
 * open beyond the most connections the pool has held at once: the pool never closes an idle connection here
 * (no idle timeout), so only a lost connection brings it below that mark.
 */
public final class PoolReconnects implements Handler<SqlConnection> {
  private long opened;
  private int mostAtOnce;
  private Pool pool;

  private PoolReconnects() {}

  /** A connect handler for the pool {@code name} ("primary" or "report"); {@link #watch} it once built. */
  public static PoolReconnects named(String name, MeterRegistry metrics) {
    PoolReconnects counter = new PoolReconnects();
    FunctionCounter.builder("dmc_db_pool_reconnects_total", counter, PoolReconnects::reconnects)
        .description("Connections the pool opened to replace lost ones (after a failover, a cut or a restart)")
        .tag("pool", name)
        .register(metrics);
    return counter;
  }

  public Pool watch(Pool built) {
    this.pool = built;
    return built;
  }

  @Override
  public synchronized void handle(SqlConnection connection) {
    opened++;
    // The new connection is counted in the pool's size while it is being set up.
    mostAtOnce = Math.max(mostAtOnce, pool == null ? 1 : pool.size());
    // Hands the connection to the pool: a connect handler must close it to release it.
    connection.close();
  }

  private synchronized double reconnects() {
    return Math.max(0, opened - mostAtOnce);
  }
}
