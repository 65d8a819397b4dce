package th.obec.dmc.auth;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Issues and checks RS256 tokens. Expiry is checked against real time by vertx-auth-jwt, never
 * against the drill clock: a drill must not make tokens live longer.
 */
public final class TokenService {
  static final String ISSUER = "dmc-gateway";
  private static final String ALGORITHM = "RS256";

  /**
   * Checking an RS256 signature was a fifth of the server's CPU on 10 November (JFR, docs/benchmarks.md),
   * and a school sends the same token hundreds of times. A token whose signature was verified is kept,
   * keyed by its exact text, until its own expiry; revocation is still checked on every request (Access).
   * Bounded: when full it is emptied, which costs one verification per live token.
   */
  private static final int MAX_VERIFIED = 100_000;

  private final JWTAuth jwt;
  private final int ttlSeconds;
  private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();

  private record Cached(Verified verified, long expiresAtSecond) {}

  public TokenService(Vertx vertx, SigningKeys keys, int ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privatePem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicPem()))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setLeeway(0)));
  }

  /** What a valid token says: who, the account's token version then, and whether a password change is due. */
  public record Verified(Principal principal, int version, boolean passwordChangeDue) {}

  public String issue(Principal principal, int version, boolean passwordChangeDue) {
    JsonObject claims = principal.claims().put("ver", version);
    if (passwordChangeDue) claims.put("pwc", true);
    return jwt.generateToken(claims,
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER).setExpiresInSeconds(ttlSeconds));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** The principal of a valid token; fails for a bad signature, a wrong algorithm or an expired token. */
  public Future<Verified> verify(String token) {
    Cached cached = verified.get(token);
    if (cached != null) {
      // Real time, as vertx-auth-jwt checks it (class comment): a drill clock must not keep a token alive.
      if (Instant.now().getEpochSecond() < cached.expiresAtSecond()) {
        return Future.succeededFuture(cached.verified());
      }
      verified.remove(token);
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      Verified v = new Verified(Principal.fromClaims(claims), claims.getInteger("ver", 0), claims.getBoolean("pwc", false));
      Long exp = claims.getLong("exp");
      if (exp != null) {
        if (verified.size() >= MAX_VERIFIED) verified.clear();
        verified.put(token, new Cached(v, exp));
      }
      return v;
    });
  }
}
