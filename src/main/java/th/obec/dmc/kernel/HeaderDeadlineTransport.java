package th.obec.dmc.kernel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.transport.Transport;

import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's NIO transport, with one difference: every accepted connection starts with a {@link HeaderDeadline}
 * in its pipeline, so a client trickling its first request's headers is cut at the header timeout. Vert.x's
 * public API has no hook before the headers are parsed; its transport SPI is the one place a handler can be put
 * in front of the HTTP decoder. Everything else is the NIO transport's own.
 */
public final class HeaderDeadlineTransport implements Transport {
  private final io.vertx.core.spi.transport.Transport nio = Transport.NIO.implementation();
  private final long millis;
  private final Spi spi = new Spi();

  public HeaderDeadlineTransport(long millis) {
    this.millis = millis;
  }

  @Override public String name() { return "nio+header-deadline"; }
  @Override public boolean available() { return true; }
  @Override public Throwable unavailabilityCause() { return null; }
  @Override public io.vertx.core.spi.transport.Transport implementation() { return spi; }

  /** The server socket whose accepted children begin with the deadline. */
  private final class DeadlineServerChannel extends NioServerSocketChannel {
    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
      int before = buf.size();
      int read = super.doReadMessages(buf);
      for (int i = before; i < buf.size(); i++) {
        if (buf.get(i) instanceof Channel child) child.pipeline().addFirst("dmc-header-deadline", new HeaderDeadline(millis));
      }
      return read;
    }
  }

  private final class Spi implements io.vertx.core.spi.transport.Transport {
    @Override public boolean supportsDomainSockets() { return nio.supportsDomainSockets(); }
    @Override public boolean supportFileRegion() { return nio.supportFileRegion(); }
    @Override public boolean isAvailable() { return nio.isAvailable(); }
    @Override public Throwable unavailabilityCause() { return nio.unavailabilityCause(); }
    @Override public java.net.SocketAddress convert(SocketAddress address) { return nio.convert(address); }
    @Override public SocketAddress convert(java.net.SocketAddress address) { return nio.convert(address); }
    @Override public IoHandlerFactory ioHandlerFactory() { return nio.ioHandlerFactory(); }
    @Override public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
      return nio.eventLoopGroup(type, threads, factory, ioRatio);
    }
    @Override public DatagramChannel datagramChannel() { return nio.datagramChannel(); }
    @Override public DatagramChannel datagramChannel(InternetProtocolFamily family) { return nio.datagramChannel(family); }
    @Override public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return nio.channelFactory(domainSocket);
    }
    @Override public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      return domainSocket ? nio.serverChannelFactory(true) : DeadlineServerChannel::new;
    }
    @Override public void configure(DatagramChannel channel, DatagramSocketOptions options) { nio.configure(channel, options); }
    @Override public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
      nio.configure(options, connectTimeout, domainSocket, bootstrap);
    }
    @Override public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
      nio.configure(options, domainSocket, bootstrap);
    }
  }
}
