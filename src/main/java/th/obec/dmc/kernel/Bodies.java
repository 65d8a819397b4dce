package th.obec.dmc.kernel;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Request bodies are read only on the routes that take one, and only after the token and role checks:
 * a route holds the request ({@link #hold()}), checks access, then reads the body with {@link #json()}
 * or {@link #file()}. A caller without a valid token is answered before a byte of its body is read.
 */
public final class Bodies {
  /** Where a spooled upload's path is kept on the routing context. */
  public static final String SPOOLED = "dmc.spooled";
  /** A JSON request is small: an answer, a reason, an account. */
  public static final int MAX_JSON_BYTES = 64 * 1024;

  private final Path spool;
  private final long maxFileBytes;

  public Bodies(Path spool, long maxFileBytes) {
    this.spool = spool;
    this.maxFileBytes = maxFileBytes;
  }

  /** First on a route that reads a body after an asynchronous check: nothing is read until the body handler asks. */
  public static Handler<RoutingContext> hold() {
    return ctx -> {
      ctx.request().pause();
      ctx.next();
    };
  }

  /** A JSON body of at most 64 KB (413 beyond), so parsing one cannot stall an event loop. */
  public static Handler<RoutingContext> json() {
    // Wrapped so Vert.x registers it as an ordinary handler: it must run after the access checks,
    // where Vert.x's handler ordering would otherwise refuse a body handler.
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_JSON_BYTES);
    return body::handle;
  }

  /**
   * A workbook: a multipart field {@code file} spooled to disk by Vert.x, or a raw body streamed to a
   * spool file here. Either way the readers get a path and the upload is never held in memory whole.
   */
  public Handler<RoutingContext> file() {
    BodyHandler multipart = BodyHandler.create(spool.toString())
        .setBodyLimit(maxFileBytes)
        .setDeleteUploadedFilesOnEnd(true);
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && type.toLowerCase().startsWith("multipart/")) {
        multipart.handle(ctx);
      } else {
        spoolRaw(ctx);
      }
    };
  }

  private void spoolRaw(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader("Content-Length");
    if (length != null && parseLong(length) > maxFileBytes) {
      ctx.fail(413);
      return;
    }
    Path target = spool.resolve("raw-" + UUID.randomUUID());
    var fs = ctx.vertx().fileSystem();
    fs.mkdirs(spool.toString())
        .compose(v -> fs.open(target.toString(), new OpenOptions().setWrite(true).setCreateNew(true).setPerms(Spool.FILE_PERMS)))
        .onFailure(ctx::fail)
        .onSuccess(file -> {
          long[] received = {0};
          boolean[] failed = {false};
          boolean[] written = {false};
          // end() below has closed the file already when the body arrived whole; close it only if it did not.
          ctx.addEndHandler(done -> (written[0] ? Future.<Void>succeededFuture() : file.close())
              .eventually(() -> fs.delete(target.toString())));
          request.handler(buffer -> {
            if (failed[0]) return;
            received[0] += buffer.length();
            if (received[0] > maxFileBytes) {
              failed[0] = true;
              ctx.fail(413);
              return;
            }
            file.write(buffer);
            if (file.writeQueueFull()) {
              request.pause();
              file.drainHandler(v -> request.resume());
            }
          });
          request.exceptionHandler(e -> {
            if (!failed[0]) {
              failed[0] = true;
              ctx.fail(e);
            }
          });
          request.endHandler(v -> {
            if (failed[0]) return;
            // end(), not flush(): it waits for every queued write before the readers open the file.
            written[0] = true;
            file.end().onComplete(ended -> {
              if (ended.failed()) {
                ctx.fail(ended.cause());
                return;
              }
              ctx.put(SPOOLED, new Spooled(target, received[0]));
              ctx.next();
            });
          });
          request.resume();
        });
  }

  /** A raw request body written to disk, with its size. */
  public record Spooled(Path path, long bytes) {}

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
