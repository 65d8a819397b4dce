package th.obec.dmc.kernel;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * On a kept-alive connection, the next request's headers must arrive within the header timeout of the previous
 * answer's end, or the connection is closed: a client trickling them would otherwise hold it for as long as it
 * kept a byte moving now and then. (The first request's headers are timed by {@link HeaderDeadline}.) One
 * instance per HTTP server verticle: its connections all run on that verticle's event loop, so the map needs no
 * lock.
 */
public final class HeaderTimeout {
  private final Vertx vertx;
  private final long millis;
  private final Map<HttpConnection, Long> waiting = new HashMap<>();

  public HeaderTimeout(Vertx vertx, long millis) {
    this.vertx = vertx;
    this.millis = millis;
  }

  /**
   * A request's headers arrived; the next request's are awaited from the end of this one's answer. The first
   * handler of every route (the response's own end handler belongs to the router).
   */
  public void received(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    cancel(connection);
    if (request.version() != HttpVersion.HTTP_2) {
      connection.closeHandler(closed -> cancel(connection));
      ctx.addEndHandler(done -> {
        if (done.succeeded()) arm(connection);
      });
    }
    ctx.next();
  }

  private void arm(HttpConnection connection) {
    cancel(connection);
    waiting.put(connection, vertx.setTimer(millis, id -> {
      waiting.remove(connection);
      connection.close();
    }));
  }

  private void cancel(HttpConnection connection) {
    Long timer = waiting.remove(connection);
    if (timer != null) vertx.cancelTimer(timer);
  }
}
