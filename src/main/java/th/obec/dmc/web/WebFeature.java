package th.obec.dmc.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import th.obec.dmc.kernel.Feature;

/**
 * The pages for schools, directors, area offices and OBEC, served by the same server over its own JSON
 * API. Mounted after every API route: it answers only GET and HEAD of its own few files.
 */
public final class WebFeature implements Feature {
  /**
   * Nothing from elsewhere, no inline script or style, no framing: the pages work on a closed network and
   * an injected string cannot run. The session cookie is HttpOnly and SameSite=Strict, and unsafe requests carry
   * the session's CSRF token besides (see th.obec.dmc.auth.Sessions).
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final WebAssets assets;

  public WebFeature(WebAssets assets) {
    this.assets = assets;
  }

  @Override
  public void mount(Router router) {
    router.route().handler(ctx -> {
      HttpMethod method = ctx.request().method();
      WebAssets.Asset asset = method == HttpMethod.GET || method == HttpMethod.HEAD ? assets.get(ctx.normalizedPath()) : null;
      if (asset == null) {
        ctx.next();
        return;
      }
      var response = ctx.response()
          .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("ETag", asset.etag());
      if (asset.etag().equals(ctx.request().getHeader("If-None-Match"))) {
        response.setStatusCode(304).end();
        return;
      }
      response.putHeader("Content-Type", asset.contentType());
      if (method == HttpMethod.HEAD) response.putHeader("Content-Length", String.valueOf(asset.body().length())).end();
      else response.end(asset.body());
    });
  }
}
