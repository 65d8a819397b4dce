package th.obec.dmc.kernel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first request's headers must arrive within the header timeout of the connection's opening, or the
 * connection is closed. Vert.x tells of a connection only once its first request's headers are complete, so this
 * sits in front of its HTTP decoder (put there by {@link HeaderDeadlineTransport}) and watches the bytes for the
 * blank line that ends the headers; then it steps aside. Later requests on a kept-alive connection are timed by
 * {@link HeaderTimeout}, which Vert.x can tell of.
 *
 * <p>The blank line counts only after a request line has begun: HTTP lets a client send empty lines before its
 * request, and Netty skips them, so CR LF CR LF sent first would otherwise disarm the deadline and leave the
 * headers that follow free to trickle.
 */
final class HeaderDeadline extends ChannelInboundHandlerAdapter {
  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  private final long millis;
  private ScheduledFuture<?> timer;
  private int matched;
  private boolean requestLine;

  HeaderDeadline(long millis) {
    this.millis = millis;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) arm(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx);
    ctx.fireChannelActive();
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timer == null) timer = ctx.executor().schedule(() -> ctx.close(), millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes && headersEnd(bytes)) {
      cancel();
      ctx.pipeline().remove(this);
    }
    ctx.fireChannelRead(msg);
  }

  /** Whether these bytes complete a CR LF CR LF begun in them or in earlier ones. */
  private boolean headersEnd(ByteBuf bytes) {
    for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
      byte b = bytes.getByte(i);
      if (!requestLine) {
        if (b == '\r' || b == '\n') continue;
        requestLine = true;
      }
      matched = b == END[matched] ? matched + 1 : b == '\r' ? 1 : 0;
      if (matched == END.length) return true;
    }
    return false;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (timer != null) timer.cancel(false);
  }
}
