package th.obec.dmc.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the server's database is: the one named by DMC_DB_URL, or else the embedded PostgreSQL in the data folder,
 * started here. The server and the seed command decide it the same way, here. Blocking: call it before serving.
 */
public record Database(DatabaseUrl url, Optional<EmbeddedDatabase> embedded) implements AutoCloseable {

  public static Database of(Optional<String> configured, Path dataDir) throws IOException {
    if (configured.isPresent()) return new Database(DatabaseUrl.parse(configured.get()), Optional.empty());
    EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
    return new Database(embedded.url(), Optional.of(embedded));
  }

  /** Stops the embedded server, if this started one. */
  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
  }

  /** The limits every pool of the server has. */
  public record PoolLimits(int maxSize, int waitQueueSize, int statementTimeoutSeconds, int idleInTransactionSeconds) {}

  /**
   * A pool named {@code name} (its uses show in vertx_pool_completed_total{pool_name}), its sessions ended by
   * PostgreSQL when a statement runs away or a transaction is left open, its reconnects counted. Its sessions'
   * application_name is {@code session} and a random suffix: unique to this process, which is how a queued upload
   * knows whether the process that ran it is still there.
   */
  public static Pool pool(Vertx vertx, DatabaseUrl url, String name, String session, PoolLimits limits,
                          PoolReconnects reconnects) {
    return reconnects.watch(PgBuilder.pool()
        .with(new PoolOptions().setName(name).setMaxSize(limits.maxSize()).setMaxWaitQueueSize(limits.waitQueueSize()))
        .connectingTo(url.connectOptions(limits.statementTimeoutSeconds(), limits.idleInTransactionSeconds(),
            session + " " + UUID.randomUUID()))
        .withConnectHandler(reconnects)
        .using(vertx)
        .build());
  }
}
