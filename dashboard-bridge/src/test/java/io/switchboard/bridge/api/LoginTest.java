package io.switchboard.bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.bridge.auth.AuthUser;
import io.switchboard.bridge.auth.JwtIssuer;
import io.switchboard.bridge.auth.LoginRateLimiter;
import io.switchboard.bridge.auth.RevokedSessions;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgTestDatabase.class)
// Failed logins are counted in the database: a test that locks 127.0.0.1 must not lock the next test.
@PgTestDatabase.EachTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginTest {
  private BridgeFixture bridge;

  @BeforeEach
  void start(TestDatabase db) {
    // A fresh process per test: the rate limiter's memory must not leak between tests.
    bridge = BridgeFixture.start(db).seed();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  @Test
  void rightPasswordGivesATokenTheUserAndAStrictHttpOnlyCookie() {
    var response = bridge.login("Ann@Acme.test", BridgeFixture.PASSWORD);

    assertEquals(200, response.status(), response.text());
    JsonObject body = response.json();
    assertEquals(new JsonObject().put("id", "ann").put("orgId", "acme").put("name", "Ann Agent")
        .put("email", "ann@acme.test").put("role", "agent"), body.getJsonObject("user"));
    Instant expiresAt = Instant.parse(body.getString("expiresAt"));
    assertTrue(expiresAt.isAfter(Instant.now().plus(bridge.config.jwtTtl()).minusSeconds(60)));
    AuthUser user = bridge.jwt.verify(body.getString("token")).await();
    assertEquals(new AuthUser("ann", "acme", Role.AGENT, "Ann Agent", user.sessionId(), expiresAt), user);
    assertEquals(user.sessionId(), UUID.fromString(user.sessionId()).toString(), "a session id");
    String cookie = response.headers().get("Set-Cookie");
    assertTrue(cookie.startsWith("sb_session=" + body.getString("token") + ";"), cookie);
    assertTrue(cookie.toLowerCase(Locale.ROOT).contains("httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
  }

  @Test
  void theTokenItIssuesOpensTheApi() {
    String token = bridge.login("ada@acme.test", BridgeFixture.PASSWORD).json().getString("token");

    var me = bridge.get("/api/me", token);

    assertEquals(200, me.status());
    assertEquals("admin", me.json().getString("role"));
    assertEquals("ada@acme.test", me.json().getString("email"));
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSameGeneric401() {
    var wrong = bridge.login("ann@acme.test", "not the password");
    var unknown = bridge.login("nobody@acme.test", BridgeFixture.PASSWORD);

    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals(wrong.json(), unknown.json());
    assertEquals(new JsonObject().put("error", "UNAUTHORIZED").put("message", LoginHandler.GENERIC_FAILURE),
        wrong.json());
    assertFalse(wrong.headers().contains("Set-Cookie"));
  }

  @Test
  void tenFailuresForOneAccountLockItWith429AndRetryAfterEvenForTheRightPassword() {
    for (int i = 0; i < LoginRateLimiter.DEFAULT_MAX_FAILURES; i++) {
      assertEquals(401, bridge.login("bob@acme.test", "guess-" + i).status());
    }

    var locked = bridge.login("BOB@acme.test", BridgeFixture.PASSWORD);

    assertEquals(429, locked.status());
    assertEquals("TOO_MANY_REQUESTS", locked.json().getString("error"));
    long retryAfter = Long.parseLong(locked.headers().get("Retry-After"));
    assertTrue(retryAfter > 0 && retryAfter <= LoginRateLimiter.DEFAULT_WINDOW.toSeconds() + 1, "" + retryAfter);
  }

  @Test
  void tenTyposAcrossAccountsBehindOneAddressLockNobodyElseOut() {
    for (int i = 0; i < LoginRateLimiter.DEFAULT_MAX_FAILURES; i++) {
      assertEquals(401, bridge.login("someone" + i + "@acme.test", "guess").status());
    }

    // A contact center's agents share one public address: a colleague still logs in.
    assertEquals(200, bridge.login("ann@acme.test", BridgeFixture.PASSWORD).status());
  }

  @Test
  void aHundredFailuresFromOneAddressAcrossAccountsBlockThatAddress() {
    for (int i = 0; i < LoginRateLimiter.DEFAULT_MAX_ADDRESS_FAILURES; i++) {
      assertEquals(401, bridge.login("someone" + i + "@acme.test", "guess").status());
    }

    // A different, real account from the same address: the address is what is blocked now.
    assertEquals(429, bridge.login("ann@acme.test", BridgeFixture.PASSWORD).status());
  }

  @Test
  void loginRefusesBadBodiesWithJsonErrors() {
    var wrongType = bridge.call(HttpMethod.POST, "/api/login", null, "text/plain", "email=a&password=b");
    var malformed = bridge.call(HttpMethod.POST, "/api/login", null, "application/json", "{\"email\":");
    var unknownField = bridge.send(HttpMethod.POST, "/api/login", null,
        new JsonObject().put("email", "ann@acme.test").put("password", "x").put("role", "admin"));
    var missing = bridge.send(HttpMethod.POST, "/api/login", null, new JsonObject().put("email", "ann@acme.test"));
    var notString = bridge.send(HttpMethod.POST, "/api/login", null,
        new JsonObject().put("email", "ann@acme.test").put("password", 12345678));

    assertEquals(415, wrongType.status());
    assertEquals("UNSUPPORTED_MEDIA_TYPE", wrongType.json().getString("error"));
    assertEquals(400, malformed.status());
    assertEquals("BAD_REQUEST", malformed.json().getString("error"));
    assertEquals(400, unknownField.status());
    assertTrue(unknownField.json().getString("message").contains("role"));
    assertEquals(400, missing.status());
    assertEquals(400, notString.status());
  }

  @Test
  void aBodyOverTheLimitIs413Json() {
    String huge = "{\"email\":\"" + "a".repeat((int) bridge.config.maxBodyBytes() + 10) + "\",\"password\":\"x\"}";

    var response = bridge.call(HttpMethod.POST, "/api/login", null, "application/json", huge);

    assertEquals(413, response.status());
    assertEquals("PAYLOAD_TOO_LARGE", response.json().getString("error"));
  }

  @Test
  void missingForgedExpiredOrSystemTokensAre401() {
    var forger = new JwtIssuer(bridge.vertx, "another-secret-that-is-also-long-enough-!!", bridge.config.jwtTtl(),
        bridge.revoked);
    String forged = forger.issue("ann", "acme", Role.AGENT, "Ann", Instant.now().plusSeconds(600)).token();
    String expired = bridge.jwt.issue("ann", "acme", Role.AGENT, "Ann", Instant.now().minusSeconds(5)).token();
    String system = bridge.jwt.issue("ann", "acme", Role.SYSTEM, "Ann", Instant.now().plusSeconds(600)).token();

    for (String token : new String[] {null, "garbage", forged, expired, system}) {
      var response = bridge.get("/api/board", token);
      assertEquals(401, response.status(), "token " + token);
      assertEquals("UNAUTHORIZED", response.json().getString("error"));
    }
    var basic = bridge.call(HttpMethod.GET, "/api/me", null, null, null);
    assertEquals(401, basic.status());
  }

  @Test
  void logoutEndsThatSessionOnEveryNodeWhileTheUsersOtherSessionsGoOn() {
    String phone = bridge.login("ann@acme.test", BridgeFixture.PASSWORD).json().getString("token");
    String laptop = bridge.login("ann@acme.test", BridgeFixture.PASSWORD).json().getString("token");
    assertEquals(200, bridge.get("/api/me", phone).status());

    var out = bridge.call(HttpMethod.POST, "/api/logout", phone, null, null);

    assertEquals(200, out.status(), out.text());
    assertEquals(true, out.json().getBoolean("loggedOut"));
    var refused = bridge.get("/api/board", phone);
    assertEquals(401, refused.status());
    assertEquals("UNAUTHORIZED", refused.json().getString("error"));
    assertEquals(200, bridge.get("/api/me", laptop).status(), "the other session goes on");
    // The fixture's own issuer stands for another bridge node: it learned of the logout too.
    assertThrows(RuntimeException.class, () -> bridge.jwt.verify(phone).await());
    assertEquals(200, bridge.call(HttpMethod.POST, "/api/logout", phone, null, null).status(),
        "logging out twice is harmless");
  }

  @Test
  void logoutTellsPresenceTheAgentSignedOutBeforeAnswering() {
    String token = bridge.login("ann@acme.test", BridgeFixture.PASSWORD).json().getString("token");
    var presence = bridge.fake(Addresses.PRESENCE_SIGNED_OUT,
        body -> Future.succeededFuture(new JsonObject()));
    try {
      var out = bridge.call(HttpMethod.POST, "/api/logout", token, null, null);

      assertEquals(200, out.status(), out.text());
      assertEquals("ann", presence.only().getString("agentId"));
      assertEquals("acme", presence.only().getString("orgId"));
    } finally {
      presence.consumer.unregister().await();
    }
  }

  @Test
  void logoutWithOnlyTheSessionCookieEndsThatSession() {
    String token = bridge.login("bob@acme.test", BridgeFixture.PASSWORD).json().getString("token");

    var out = bridge.call(HttpMethod.POST, "/api/logout", null, null, null, Map.of("Cookie", "sb_session=" + token));

    assertEquals(200, out.status(), out.text());
    assertEquals(401, bridge.get("/api/me", token).status());
  }

  @Test
  void aBridgeNodeStartedAfterALogoutStillRefusesThatToken() {
    String token = bridge.login("ada@acme.test", BridgeFixture.PASSWORD).json().getString("token");
    assertEquals(200, bridge.call(HttpMethod.POST, "/api/logout", token, null, null).status());

    RevokedSessions later = new RevokedSessions(bridge.vertx, bridge.pool);
    later.start().await();
    JwtIssuer laterNode = new JwtIssuer(bridge.vertx, bridge.config.jwtSecret(), bridge.config.jwtTtl(), later);

    assertThrows(RuntimeException.class, () -> laterNode.verify(token).await());
    assertEquals(1L, bridge.pool.query("SELECT count(*) FROM directory.revoked_sessions WHERE user_id = 'ada'")
        .execute().await().iterator().next().getLong(0));
  }

  @Test
  void aSignedTokenWithoutALoginSessionIs401() {
    var auth = JWTAuth.create(bridge.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
            .setBuffer(bridge.config.jwtSecret())));
    JsonObject claims = new JsonObject().put("sub", "ann").put("org", "acme").put("role", "agent").put("name", "Ann")
        .put("exp", Instant.now().plusSeconds(600).getEpochSecond());
    var options = new JWTOptions().setAlgorithm("HS256").setIssuer(JwtIssuer.ISSUER);

    for (JsonObject shaped : List.of(claims, claims.copy().put("sid", "not-a-uuid"), claims.copy().put("sid", 42))) {
      assertEquals(401, bridge.get("/api/me", auth.generateToken(shaped, options)).status(), shaped.encode());
    }
    String withSession = auth.generateToken(claims.copy().put("sid", UUID.randomUUID().toString()), options);
    assertEquals(200, bridge.get("/api/me", withSession).status(), "the same claims with a session id pass");
  }

  @Test
  void withoutPostgresqlLoginAndLogoutAnswer503JsonAndLogoutStillClearsTheCookie() {
    String token = bridge.login("ann@acme.test", BridgeFixture.PASSWORD).json().getString("token");
    bridge.pool.close().await();

    var login = bridge.login("ann@acme.test", BridgeFixture.PASSWORD);
    var logout = bridge.call(HttpMethod.POST, "/api/logout", token, null, null);

    assertEquals(503, login.status(), login.text());
    assertEquals("UNAVAILABLE", login.json().getString("error"));
    assertFalse(login.headers().contains("Set-Cookie"), "no session without the database");
    assertEquals(503, logout.status(), "the session could not be ended: " + logout.text());
    assertEquals("UNAVAILABLE", logout.json().getString("error"));
    assertTrue(logout.headers().get("Set-Cookie").startsWith("sb_session=;"), "this browser forgets it anyway");
  }

  @Test
  void logoutClearsTheCookie() {
    var response = bridge.call(HttpMethod.POST, "/api/logout", null, null, null);

    assertEquals(200, response.status());
    String cookie = response.headers().get("Set-Cookie");
    assertTrue(cookie.startsWith("sb_session=;"), cookie);
    assertTrue(cookie.contains("Max-Age=0"), cookie);
  }

  @Test
  void theCookieIsSecureWhenThePublicUrlIsHttps(TestDatabase db) {
    bridge.close();
    bridge = BridgeFixture.start(db, Map.of("SWITCHBOARD_PUBLIC_URL", "https://switchboard.example.com"),
        "test-webroot").seed();

    var response = bridge.login("ann@acme.test", BridgeFixture.PASSWORD);

    assertNotNull(response.headers().get("Set-Cookie"));
    assertTrue(response.headers().get("Set-Cookie").contains("Secure"));
  }
}
