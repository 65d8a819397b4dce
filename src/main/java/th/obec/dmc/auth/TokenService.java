package th.obec.dmc.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  public String issue(Principal principal) {
    return jwt.generateToken(principal.claims(),
        new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER).setExpiresInSeconds(ttlSeconds));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** The principal of a valid token; fails for a bad signature, a wrong algorithm or an expired token. */
  public Future<Principal> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> Principal.fromClaims(user.attributes().getJsonObject("accessToken")));
  }
}
