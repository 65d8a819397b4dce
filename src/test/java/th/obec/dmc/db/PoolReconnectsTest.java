package th.obec.dmc.db;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.TestDatabase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pool's side of a failover: connections lost and opened again are counted, a busy pool's own are not. */
@ExtendWith(VertxExtension.class)
class PoolReconnectsTest {
  @Test
  void connectionsOpenedAfterTheServerCutThemAreCountedAndNoOthers(Vertx vertx) throws Exception {
    DatabaseUrl db = TestDatabase.fresh(PoolReconnectsTest.class);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    PoolReconnects reconnects = PoolReconnects.named("primary", metrics);
    Pool pool = reconnects.watch(PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(db.connectOptions(30, 30, "reconnects-test"))
        .withConnectHandler(reconnects).using(vertx).build());
    try {
      busy(pool);
      busy(pool);
      assertEquals(0, counted(metrics), "a pool filling up and reusing its connections reconnects nothing");

      // The server cuts every connection of the pool, as a demoted leader's HAProxy does.
      TestDatabase.sql(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = 'reconnects-test'");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (counted(metrics) < 4 && System.nanoTime() < deadline) {
        busy(pool);
      }
      assertEquals(4, counted(metrics), "each lost connection opened again once");
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Four queries at once that each hold a connection a moment, so the pool opens all it may. */
  private static void busy(Pool pool) throws Exception {
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) running.add(pool.query("SELECT pg_sleep(0.05)").execute().otherwiseEmpty());
    Future.join(running).otherwiseEmpty().await(20, TimeUnit.SECONDS);
  }

  private static double counted(SimpleMeterRegistry metrics) {
    return metrics.get("dmc_db_pool_reconnects_total").tag("pool", "primary").functionCounter().count();
  }
}
