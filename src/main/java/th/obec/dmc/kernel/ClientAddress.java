package th.obec.dmc.kernel;

import io.vertx.core.http.HttpServerRequest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's own address. Behind HAProxy every connection comes from the balancer, so a request from an
 * address in {@code DMC_TRUSTED_PROXIES} (addresses or IPv4/IPv6 CIDR blocks) is taken to come from the last
 * {@code X-Forwarded-For} entry, the one the balancer wrote ({@code deploy/haproxy-gateway.cfg} replaces whatever the
 * client sent). From anywhere else the header is ignored, so a client cannot name itself someone else.
 *
 * <p>Why not the PROXY protocol: Vert.x 5.0.10 with its Micrometer metrics enabled (as here) never applies the
 * PROXY header's address; {@code remoteAddress()} stays the balancer's (tried, see docs/security.md).
 */
public final class ClientAddress {
  private record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((address[i / 8] & mask) != (network[i / 8] & mask)) return false;
      }
      return true;
    }
  }

  private final List<Block> trusted;

  public ClientAddress(List<String> trustedProxies) {
    this.trusted = trustedProxies.stream().map(ClientAddress::block).toList();
  }

  private static Block block(String text) {
    String[] parts = text.split("/", 2);
    byte[] network = literal(parts[0]);
    if (network == null) throw new IllegalArgumentException("DMC_TRUSTED_PROXIES: not an address: " + text);
    int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
    if (bits < 0 || bits > network.length * 8) throw new IllegalArgumentException("DMC_TRUSTED_PROXIES: bad prefix: " + text);
    return new Block(network, bits);
  }

  /** The bytes of an IP literal, or null: never a name lookup (that would block, and could be steered). */
  private static byte[] literal(String text) {
    String t = text.trim();
    if (!t.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) return null;
    try {
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  public String of(HttpServerRequest request) {
    var remote = request.remoteAddress();
    if (remote == null) return "unknown";
    String peer = remote.hostAddress();
    if (trusted.isEmpty()) return peer;
    byte[] peerBytes = literal(peer);
    if (peerBytes == null || trusted.stream().noneMatch(b -> b.contains(peerBytes))) return peer;
    List<String> forwarded = request.headers().getAll("X-Forwarded-For");
    if (forwarded.isEmpty()) return peer;
    String last = forwarded.get(forwarded.size() - 1);
    String[] hops = last.split(",");
    String client = hops[hops.length - 1].trim();
    byte[] bytes = literal(client);
    return bytes == null ? peer : canonical(bytes, client);
  }

  private static String canonical(byte[] bytes, String fallback) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      return fallback;
    }
  }
}
