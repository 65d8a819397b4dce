package th.obec.dmc.kernel;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import io.vertx.core.Handler;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** The one place where failures become RFC 9457 problem+json; nothing else writes errors. */
public final class ProblemHandler implements Handler<RoutingContext> {
  private final ShedMeter meter;

  public ProblemHandler(ShedMeter meter) {
    this.meter = meter;
  }

  public static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    if (problem.code().equals("DATABASE_BUSY")) meter.databaseQueue();
    send(ctx, problem);
  }

  public static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (problem.retryAfterSeconds() != null) {
      response.putHeader("Retry-After", String.valueOf(problem.retryAfterSeconds()));
    }
    // Refused before its body was read (no token, too large): the body is never read, so the
    // connection cannot carry another request; it is closed once the answer is out.
    boolean unread = !ctx.request().isEnded();
    if (unread) response.putHeader("Connection", "close");
    response.setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(problem.toJson(ctx.request().path()).encode())
        .onComplete(done -> {
          if (unread) ctx.request().connection().close();
        });
  }

  /**
   * A lost or refused connection to PostgreSQL, or a server shutting down: the request did not happen
   * (its transaction rolled back), and the client should retry, so 503 rather than 500.
   */
  public static boolean databaseUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ClosedConnectionException || t instanceof ConnectException
          || t instanceof ClosedChannelException || t instanceof SSLException) {
        return true;
      }
      // Over TLS (sslmode=require), a connection the balancer closes while no leader answers fails in its
      // handshake: Vert.x says so with no cause.
      if (t instanceof VertxException && "SSL handshake failed".equals(t.getMessage())) return true;
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  private static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof Problem p) return p;
    if (failure instanceof ConnectionPoolTooBusyException) {
      // The pool's wait queue is full: say so at once rather than let the request hang.
      log.warn("event=pool_wait_queue_full method={} path={}", ctx.request().method(), ctx.request().path());
      return Problem.busy("DATABASE_BUSY", "The server is at capacity. Try again in a few seconds.",
          "ขณะนี้มีผู้ใช้งานจำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่", 2);
    }
    if (databaseUnreachable(failure)) {
      // One second: during a failover the new leader is reachable within about a second of Patroni's promotion,
      // and a longer wait would be added whole to every school's outage (issue 20 measures it).
      log.warn("event=database_unavailable method={} path={} error={}", ctx.request().method(), ctx.request().path(),
          failure.toString());
      return Problem.busy("DATABASE_UNAVAILABLE",
          "The database cannot be reached right now; nothing was saved. Try again in a few seconds.",
          "ขณะนี้ติดต่อฐานข้อมูลไม่ได้ ข้อมูลยังไม่ถูกบันทึก กรุณาลองใหม่อีกครั้งในอีกสักครู่", 1);
    }
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) status = http.getStatusCode();
    switch (status) {
      case 404:
        return Problem.notFound("NOT_FOUND", "No such resource: " + ctx.request().path(),
            "ไม่พบรายการที่ร้องขอ: " + ctx.request().path());
      case 405:
        return new Problem(405, "METHOD_NOT_ALLOWED", "Method not allowed",
            "Method " + ctx.request().method() + " is not allowed here.",
            "ไม่อนุญาตให้ใช้คำสั่ง " + ctx.request().method() + " กับรายการนี้");
      case 413:
        return new Problem(413, "PAYLOAD_TOO_LARGE", "Content too large",
            "The upload is larger than this server accepts.",
            "ไฟล์ที่ส่งมีขนาดใหญ่เกินกว่าที่ระบบรับได้");
      case 400:
        return Problem.badRequest("BAD_REQUEST", "The request could not be read.",
            "ระบบอ่านคำขอไม่ได้ กรุณาตรวจสอบรูปแบบข้อมูล");
      case 401:
        return Problem.unauthorized("UNAUTHENTICATED", "A valid bearer token is required.",
            "กรุณาเข้าสู่ระบบ (ต้องมีโทเคนที่ถูกต้อง)");
      case 403:
        return Problem.forbidden("FORBIDDEN", "You may not do this.", "คุณไม่มีสิทธิ์ทำรายการนี้");
      default:
        String incident = UUID.randomUUID().toString();
        log.error("event=unhandled_failure incident={} method={} path={}", incident,
            ctx.request().method(), ctx.request().path(), failure);
        return new Problem(500, "INTERNAL_ERROR", "Internal server error",
            "Something went wrong on the server. Incident " + incident + ".",
            "ระบบขัดข้อง กรุณาลองใหม่อีกครั้ง (รหัสเหตุการณ์ " + incident + ")");
    }
  }
}
