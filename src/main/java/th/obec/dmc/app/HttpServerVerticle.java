package th.obec.dmc.app;

import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.HeaderTimeout;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One HTTP server instance; several share the port, one per event loop. */
final class HttpServerVerticle extends VerticleBase {
  private final int port;
  private final Function<Vertx, Router> routes;
  private final int idleTimeoutSeconds;
  private final int headerTimeoutSeconds;
  private HttpServer server;

  HttpServerVerticle(int port, Function<Vertx, Router> routes, int idleTimeoutSeconds,
                     int headerTimeoutSeconds) {
    this.port = port;
    this.routes = routes;
    this.idleTimeoutSeconds = idleTimeoutSeconds;
    this.headerTimeoutSeconds = headerTimeoutSeconds;
  }

  @Override
  public Future<?> start() {
    // A connection on which nothing moves for the idle timeout is closed: a silent client, or one that
    // stopped reading a download, does not hold a slot for ever.
    server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setCompressionSupported(true)
        .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(8 * 1024));
    Router router = routes.apply(vertx);
    // A kept-alive connection's next headers are timed from the last answer (the first request's by the transport).
    HeaderTimeout headers = new HeaderTimeout(vertx, headerTimeoutSeconds * 1000L);
    router.route().order(Integer.MIN_VALUE).handler(headers::received);
    return server.requestHandler(router).listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
