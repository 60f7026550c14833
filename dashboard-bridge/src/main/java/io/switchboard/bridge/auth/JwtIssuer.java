package io.switchboard.bridge.auth;

import io.switchboard.bridge.directory.DirectoryUser;

import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Dashboard logins as HS256 JWTs signed with {@code SWITCHBOARD_JWT_SECRET}: claims {@code sub}
 * (user id), {@code org}, {@code role} ({@code agent}|{@code supervisor}|{@code admin}), {@code name}, {@code sid}
 * (the login session, a UUID) and {@code exp}. The same provider checks them on HTTP, on socket
 * open and on every register, and refuses the token of a session that logged out.
 */
public final class JwtIssuer {
  /** The HttpOnly cookie that carries the token to the HTTP API and the SockJS bridge. */
  public static final String SESSION_COOKIE = "sb_session";
  public static final String ISSUER = "switchboard";
  private static final String ALGORITHM = "HS256";

  private final JWTAuth auth;
  private final Duration ttl;
  private final RevokedSessions revoked;

  public JwtIssuer(Vertx vertx, String secret, Duration ttl, RevokedSessions revoked) {
    this.ttl = ttl;
    this.revoked = revoked;
    this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER)));
  }

  public record Issued(String token, Instant expiresAt) {}

  /** The token of an {@code Authorization: Bearer <jwt>} header, or null when there is none. */
  public static String bearerToken(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  /** A token for a new login session of {@code user}. */
  public Issued issue(DirectoryUser user) {
    return issue(user.id(), user.orgId(), user.role(), user.name(), Instant.now().plus(ttl));
  }

  /** Issues a token of a new session expiring at {@code expiresAt} (tests use a past or near instant). */
  public Issued issue(String userId, String orgId, Role role, String name, Instant expiresAt) {
    JsonObject claims = new JsonObject()
        .put("sub", userId).put("org", orgId).put("role", Fields.lower(role)).put("name", name)
        .put("sid", UUID.randomUUID().toString()).put("exp", expiresAt.getEpochSecond());
    String token = auth.generateToken(claims, new JWTOptions().setAlgorithm(ALGORITHM).setIssuer(ISSUER));
    return new Issued(token, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
  }

  /**
   * The user a token speaks for; fails when it is missing, forged, expired, not a dashboard login,
   * or its session logged out.
   */
  public Future<AuthUser> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new IllegalStateException("no token"));
    }
    return auth.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
      AuthUser authUser = fromClaims(claims);
      if (revoked.isRevoked(authUser.sessionId())) {
        throw new IllegalStateException("this session logged out");
      }
      return authUser;
    });
  }

  private static AuthUser fromClaims(JsonObject claims) {
    String id = claims.getString("sub");
    String org = claims.getString("org");
    String role = claims.getString("role");
    Long exp = claims.getLong("exp");
    String sid = claims.getValue("sid") instanceof String s && isUuid(s) ? s : null;
    Role parsed = "agent".equals(role) ? Role.AGENT
        : "supervisor".equals(role) ? Role.SUPERVISOR
        : "admin".equals(role) ? Role.ADMIN
        : null;
    if (id == null || org == null || exp == null || sid == null || parsed == null) {
      // A token signed with our secret but not shaped like a login (or claiming SYSTEM): refuse.
      throw new IllegalStateException("not a dashboard login token");
    }
    return new AuthUser(id, org, parsed, claims.getString("name"), sid,
        Instant.ofEpochSecond(exp));
  }

  private static boolean isUuid(String value) {
    try {
      return UUID.fromString(value).toString().equals(value);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
