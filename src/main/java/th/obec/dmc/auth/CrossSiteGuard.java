package th.obec.dmc.auth;

import java.net.URISyntaxException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Problem;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The routes that open, change or end a page's session answer only the gateway's own pages. A session opened by
 * a cross-site form would log the victim's browser into the attacker's account (login CSRF), and the CSRF token
 * cannot guard the request that creates it; so these routes refuse a request the browser says is cross-site
 * ({@code Sec-Fetch-Site}) or whose {@code Origin} is another site's. A client with neither header (curl, the
 * drill) is not a browser another site can drive, and passes.
 */
final class CrossSiteGuard implements Handler<RoutingContext> {
  private final Optional<String> publicOrigin;

  /** {@code publicUrl}: DMC_PUBLIC_URL, the origin the pages are served from behind the proxy. */
  CrossSiteGuard(Optional<String> publicUrl) {
    this.publicOrigin = publicUrl.flatMap(CrossSiteGuard::authority);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    String origin = ctx.request().getHeader("Origin");
    if ("cross-site".equalsIgnoreCase(site) || origin != null && !sameOrigin(ctx, origin)) {
      ctx.fail(Problem.forbidden("CSRF_REFUSED",
          "Logging in, out or changing a password is accepted only from the DMC pages themselves.",
          "การเข้าสู่ระบบ ออกจากระบบ หรือเปลี่ยนรหัสผ่าน ทำได้จากหน้าเว็บของระบบ DMC เท่านั้น"));
      return;
    }
    ctx.next();
  }

  /** The Origin names this host as the browser reached it, or the public URL's; "null" (a sandboxed frame) never. */
  private boolean sameOrigin(RoutingContext ctx, String origin) {
    Optional<String> given = authority(origin);
    if (given.isEmpty()) return false;
    String host = ctx.request().getHeader("Host");
    return host != null && given.get().equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT)))
        || publicOrigin.equals(given);
  }

  private static Optional<String> authority(String url) {
    try {
      URI uri = new URI(url.trim());
      if (uri.getHost() == null || uri.getScheme() == null) return Optional.empty();
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port < 0 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
      return Optional.of(uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String withoutDefaultPort(String host) {
    return host.endsWith(":80") || host.endsWith(":443") ? host.substring(0, host.lastIndexOf(':')) : host;
  }
}
