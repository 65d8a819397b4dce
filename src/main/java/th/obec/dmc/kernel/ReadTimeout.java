package th.obec.dmc.kernel;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A request must arrive whole within the read timeout. A client that trickles its body a byte at a time
 * never trips the idle timeout, yet would hold a connection, a spool file and an admission slot for as
 * long as it liked; past the timeout its connection is closed. Once the request is read, the server
 * takes as long as the work needs.
 */
public final class ReadTimeout implements Handler<RoutingContext> {
  private final long millis;

  public ReadTimeout(long millis) {
    this.millis = millis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().isEnded()) {
      ctx.next();
      return;
    }
    long timer = ctx.vertx().setTimer(millis, id -> {
      if (!ctx.request().isEnded() && !ctx.response().ended()) ctx.request().connection().close();
    });
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
