package io.switchboard.bridge.api;

import io.switchboard.bridge.auth.AuthUser;
import io.switchboard.bridge.auth.JwtIssuer;
import io.switchboard.bridge.auth.LoginRateLimiter;
import io.switchboard.bridge.auth.PasswordHasher;
import io.switchboard.bridge.auth.RevokedSessions;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryUser;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login} and {@code POST /api/logout}. A wrong password and an unknown email get
 * the same 401 after the same bcrypt work, so the answer says nothing about which accounts exist.
 * Failures are rate-limited per account and per client address (429 with Retry-After).
 */
public final class LoginHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);
  static final String GENERIC_FAILURE = "wrong email or password";

  private final Directory directory;
  private final PasswordHasher hasher;
  private final JwtIssuer jwt;
  private final RevokedSessions revoked;
  private final LoginRateLimiter limiter;
  private final Duration ttl;
  private final boolean secureCookie;
  private final SignOuts signOuts;

  /** Tells presence an agent signed out (so it is offline at once, not after the grace period). */
  @FunctionalInterface
  public interface SignOuts {
    Future<Void> signedOut(AuthUser user);
  }

  public LoginHandler(Directory directory, PasswordHasher hasher, JwtIssuer jwt, RevokedSessions revoked,
      LoginRateLimiter limiter, Duration ttl, boolean secureCookie, SignOuts signOuts) {
    this.directory = directory;
    this.hasher = hasher;
    this.jwt = jwt;
    this.revoked = revoked;
    this.limiter = limiter;
    this.ttl = ttl;
    this.secureCookie = secureCookie;
    this.signOuts = signOuts;
  }

  public void login(RoutingContext ctx) {
    JsonObject body = ApiContract.body(ctx);
    String email = body.getString("email");
    String password = body.getString("password");
    String account = LoginRateLimiter.accountKey(email);
    String address = LoginRateLimiter.addressKey(ctx.request().remoteAddress().hostAddress());
    Replies.from(ctx, limiter.blockedFor(account, address)
        .compose(blocked -> blocked.isPresent()
            ? Future.failedFuture(HttpProblem.tooManyRequests(Math.max(1, blocked.get().toSeconds() + 1)))
            : authenticate(email, password))
        // The failure is counted before the 401 goes out, so the next guess already sees it.
        .recover(t -> t instanceof HttpProblem problem && problem.status == 401
            ? limiter.recordFailure(account, address).transform(ar -> Future.failedFuture(t))
            : Future.failedFuture(t))
        .compose(user -> limiter.recordSuccess(account).map(user))
        .map(user -> {
          JwtIssuer.Issued issued = jwt.issue(user);
          ctx.response().addCookie(sessionCookie(issued.token(), ttl.toSeconds()));
          return new JsonObject().put("token", issued.token()).put("expiresAt", issued.expiresAt().toString())
              .put("user", user.toJson());
        }));
  }

  /**
   * Ends the session of the token presented (bearer header, else the session cookie) on every
   * bridge node, and clears the cookie. Without a valid token there is nothing to end: still 200.
   * The agent is offline on every board once this answers (presence unreachable: after the grace).
   */
  public void logout(RoutingContext ctx) {
    // Read before clearing: the request's and the response's cookies are one map.
    String token = presentedToken(ctx);
    ctx.response().addCookie(sessionCookie("", 0));
    Replies.from(ctx, jwt.verify(token)
        .transform(ar -> ar.succeeded()
            ? revoked.revoke(ar.result()).compose(v -> signOuts.signedOut(ar.result()).recover(t -> {
              LOG.warn("presence was not told that {} signed out: {}", ar.result().id(), t.toString());
              return Future.succeededFuture();
            }))
            : Future.<Void>succeededFuture())
        .map(v -> new JsonObject().put("loggedOut", true)));
  }

  private static String presentedToken(RoutingContext ctx) {
    String bearer = JwtIssuer.bearerToken(ctx.request());
    if (bearer != null) {
      return bearer;
    }
    Cookie cookie = ctx.request().getCookie(JwtIssuer.SESSION_COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  /** The user, or a generic 401 whether the account is unknown or the password wrong. */
  private Future<DirectoryUser> authenticate(String email, String password) {
    return directory.userByEmail(email.trim())
        .compose(user -> hasher.verify(password, user.map(DirectoryUser::passwordHash).orElse(null))
            .compose(ok -> ok && user.isPresent()
                ? Future.succeededFuture(user.get())
                : Future.failedFuture(HttpProblem.unauthorized(GENERIC_FAILURE))));
  }

  private Cookie sessionCookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(JwtIssuer.SESSION_COOKIE, value).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/")
        .setSecure(secureCookie).setMaxAge(maxAgeSeconds);
  }
}
