package th.obec.dmc.auth;

import io.vertx.core.Vertx;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import th.obec.dmc.kernel.Problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The pages' sessions, so that a reload, a closed tab or a second tab keeps the user: an opaque random ID in an
 * {@code HttpOnly; SameSite=Strict} cookie (never the JWT), a row in PostgreSQL shared by every node, an idle
 * timeout and an absolute limit checked on every request. A request the cookie authenticates with an unsafe method
 * must carry the session's CSRF token in {@code X-DMC-CSRF}; Bearer tokens are unaffected.
 */
public final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);
  private static final long SWEEP_MILLIS = 10 * 60_000L;
  /**
   * Over https the cookie is {@code __Host-} prefixed: the browser then takes it only Secure, for Path=/ and with no
   * Domain, so no sibling host or plain-http page can plant or overwrite it.
   */
  static final String SECURE_COOKIE = "__Host-dmc_session";
  static final String PLAIN_COOKIE = "dmc_session";
  static final String CSRF_HEADER = "X-DMC-CSRF";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionRepository repository;
  private final long idleSeconds;
  private final long maxSeconds;
  private final boolean secure;
  private final String cookieName;

  Sessions(SessionRepository repository, long idleSeconds, long maxSeconds, boolean secure) {
    this.repository = repository;
    this.idleSeconds = idleSeconds;
    this.maxSeconds = maxSeconds;
    this.secure = secure;
    this.cookieName = secure ? SECURE_COOKIE : PLAIN_COOKIE;
  }

  /** A new session for this account: its cookie set on the answer, its CSRF token returned. */
  Future<String> open(RoutingContext ctx, String username) {
    String id = random();
    String csrf = random();
    return repository.insert(hash(id), username, csrf).map(v -> {
      ctx.response().addCookie(Cookie.cookie(cookieName, id).setPath("/").setHttpOnly(true).setSecure(secure)
          .setSameSite(CookieSameSite.STRICT));
      return csrf;
    });
  }

  /** The request's live session, if its cookie names one. */
  Future<Optional<SessionRepository.Live>> of(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(cookieName);
    if (cookie == null || cookie.getValue().isBlank() || cookie.getValue().length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    return repository.touch(hash(cookie.getValue()), idleSeconds, maxSeconds);
  }

  /**
   * The principal of a request authenticated by its cookie: 401 without a live session, 403 CSRF_REFUSED for an
   * unsafe method without the session's own CSRF token.
   */
  Future<SessionRepository.Live> authenticate(RoutingContext ctx) {
    return of(ctx).map(found -> {
      SessionRepository.Live live = found.orElseThrow(() -> Problem.unauthorized("SESSION_EXPIRED",
          "Your session has ended (logged out, idle too long, or the working day is over). Log in again.",
          "หมดเวลาการใช้งาน หรือออกจากระบบแล้ว กรุณาเข้าสู่ระบบใหม่"));
      if (unsafe(ctx.request().method()) && !constantTimeEquals(live.csrfToken(), ctx.request().getHeader(CSRF_HEADER))) {
        throw Problem.forbidden("CSRF_REFUSED",
            "This request did not come from the DMC pages (its X-DMC-CSRF header is missing or wrong).",
            "คำขอนี้ไม่ได้มาจากหน้าเว็บของระบบ DMC จึงไม่ได้รับอนุญาต");
      }
      return live;
    });
  }

  /** Whether the request carries a session cookie at all (otherwise Bearer is asked for). */
  boolean hasCookie(RoutingContext ctx) {
    return ctx.request().getCookie(cookieName) != null;
  }

  /** Ends this request's session, and clears its cookie. */
  Future<Void> close(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(cookieName);
    ctx.response().addCookie(Cookie.cookie(cookieName, "").setPath("/").setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
    return cookie == null ? Future.succeededFuture() : repository.revoke(hash(cookie.getValue()));
  }

  /**
   * Deletes the ended sessions now and every ten minutes: a row per login would otherwise pile up for
   * ever (6 million logins in a term). An ended session is refused whether or not its row is gone yet.
   */
  Future<Void> sweepEvery(Vertx vertx) {
    return sweep().onSuccess(v -> vertx.setPeriodic(SWEEP_MILLIS, id -> sweep()));
  }

  private Future<Void> sweep() {
    return repository.sweep(idleSeconds, maxSeconds)
        .onSuccess(n -> { if (n > 0) log.info("event=sessions_swept deleted={}", n); })
        .onFailure(e -> log.warn("event=sessions_sweep_failed error={}", e.toString()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /** Every session of the account ends: logout everywhere, a password change, a reset, a disable. */
  Future<Void> closeAll(String username) {
    return repository.revokeAll(username);
  }

  private static boolean unsafe(HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  private static boolean constantTimeEquals(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String id) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
