package th.obec.dmc.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.Function;

/** One HTTP server instance; several share the port, one per event loop. */
final class HttpServerVerticle extends VerticleBase {
  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routes;
  private HttpServer server;

  HttpServerVerticle(int port, Function<io.vertx.core.Vertx, Router> routes) {
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setPort(port).setCompressionSupported(true));
    return server.requestHandler(routes.apply(vertx)).listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
