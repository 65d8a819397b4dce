package th.obec.dmc.auth;

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

  private final JWTAuth jwt;
  private final int ttlSeconds;

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
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken");
      return new Verified(Principal.fromClaims(claims), claims.getInteger("ver", 0), claims.getBoolean("pwc", false));
    });
  }
}
