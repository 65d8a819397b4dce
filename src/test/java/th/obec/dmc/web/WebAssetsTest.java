package th.obec.dmc.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import th.obec.dmc.support.TestServer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages' files over HTTP: a strict policy, content-hash ETags that revalidate, and nothing else served. */
@ExtendWith(VertxExtension.class)
class WebAssetsTest {

  @Test
  void thePagesComeWithAStrictPolicyAndRevalidateByETag(Vertx vertx) throws Exception {
    try (TestServer server = TestServer.start(vertx, WebAssetsTest.class, Map.of())) {
      WebClient client = WebClient.create(vertx);
      var index = client.get(server.port(), "localhost", "/").send().await(10, TimeUnit.SECONDS);
      assertEquals(200, index.statusCode());
      assertTrue(index.getHeader("Content-Type").startsWith("text/html"), index.getHeader("Content-Type"));
      assertEquals(WebFeature.CONTENT_SECURITY_POLICY, index.getHeader("Content-Security-Policy"));
      assertTrue(index.getHeader("Content-Security-Policy").contains("script-src 'self'"));
      assertEquals("nosniff", index.getHeader("X-Content-Type-Options"));
      assertTrue(index.bodyAsString().contains("<script type=\"module\" src=\"/app.js\">"));
      assertTrue(!index.bodyAsString().contains("http://") && !index.bodyAsString().contains("https://"),
          "no external resource");

      var script = client.get(server.port(), "localhost", "/app.js").send().await(10, TimeUnit.SECONDS);
      assertTrue(script.getHeader("Content-Type").startsWith("text/javascript"));
      String etag = script.getHeader("ETag");
      assertTrue(etag != null && etag.length() > 10, etag);
      var again = client.get(server.port(), "localhost", "/app.js").putHeader("If-None-Match", etag).send()
          .await(10, TimeUnit.SECONDS);
      assertEquals(304, again.statusCode());
      assertEquals(0, again.body() == null ? 0 : again.body().length());

      var head = client.request(HttpMethod.HEAD, server.port(), "localhost", "/app.css").send().await(10, TimeUnit.SECONDS);
      assertEquals(200, head.statusCode());
      assertTrue(Integer.parseInt(head.getHeader("Content-Length")) > 100);

      // app.js split into modules (issue 22): each is served from the jar, and none writes markup.
      for (String module : java.util.List.of("/app.js", "/state.js", "/i18n.js", "/api.js", "/dom.js", "/chart.js",
          "/pages/school.js", "/pages/area.js", "/pages/obec.js")) {
        var js = client.get(server.port(), "localhost", module).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, js.statusCode(), module);
        assertTrue(js.getHeader("Content-Type").startsWith("text/javascript"), module);
        String code = js.bodyAsString();
        assertTrue(!code.contains("innerHTML") && !code.contains("outerHTML") && !code.contains("insertAdjacentHTML")
            && !code.contains("document.write"), module + " writes markup");
      }
      assertEquals(404, client.post(server.port(), "localhost", "/").send().await(10, TimeUnit.SECONDS).statusCode());
      assertEquals(404, client.get(server.port(), "localhost", "/web/app.js").send().await(10, TimeUnit.SECONDS).statusCode());
      client.close();
    }
  }
}
