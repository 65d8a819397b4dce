package th.obec.dmc.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One HTTP server instance; several share the port, one per event loop. */
final class HttpServerVerticle extends VerticleBase {
  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private final int idleTimeoutSeconds;
  private HttpServer server;

  HttpServerVerticle(int port, Function<io.vertx.core.Vertx, Router> routes, int idleTimeoutSeconds) {
    this.port = port;
    this.routes = routes;
    this.idleTimeoutSeconds = idleTimeoutSeconds;
  }

  @Override
  public Future<?> start() {
    // A connection on which nothing moves for the idle timeout is closed: a silent client, or one that
    // stopped reading a download, does not hold a slot for ever.
    server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setCompressionSupported(true)
        .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(8 * 1024));
    return server.requestHandler(routes.apply(vertx)).listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
