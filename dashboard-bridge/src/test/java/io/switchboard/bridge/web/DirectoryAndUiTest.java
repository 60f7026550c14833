package io.switchboard.bridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The directory's event-bus answers, and the static UI with its fallback and headers. */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectoryAndUiTest {
  private BridgeFixture bridge;

  @BeforeEach
  void start(TestDatabase db) {
    bridge = BridgeFixture.start(db).seed();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private JsonObject ask(String address, JsonObject body) {
    return Bus.request(bridge.vertx.eventBus(), address, body).await();
  }

  private FailureCode failure(String address, JsonObject body) {
    try {
      ask(address, body);
      throw new AssertionError("expected a failure");
    } catch (RuntimeException e) {
      return Failures.code(e);
    }
  }

  @Test
  void directoryAnswersOrgsByIdAndByNumberWithTheirSettings() {
    assertEquals(new JsonObject().put("orgId", "globex").put("name", "Globex").put("wrapUpSeconds", 30)
            .put("parkTimeoutSeconds", 120).put("holdMusicUrl", "https://example.com/hold.mp3").put("maxMissedRings", 3),
        ask(Addresses.DIRECTORY_ORG, new JsonObject().put("orgId", "globex")));
    assertEquals("acme", ask(Addresses.DIRECTORY_NUMBER, new JsonObject().put("number", "+15550001111"))
        .getString("orgId"));
    assertEquals(FailureCode.NOT_FOUND, failure(Addresses.DIRECTORY_NUMBER, new JsonObject().put("number", "+15559999999")));
    assertEquals(FailureCode.NOT_FOUND, failure(Addresses.DIRECTORY_ORG, new JsonObject().put("orgId", "nope")));
    assertEquals(FailureCode.BAD_REQUEST, failure(Addresses.DIRECTORY_NUMBER, new JsonObject().put("number", "5551")));
    assertEquals(FailureCode.BAD_REQUEST, failure(Addresses.DIRECTORY_ORG, new JsonObject()));
  }

  @Test
  void directoryListsAnOrgsUsersWithoutTheirHashes() {
    JsonArray users = ask(Addresses.DIRECTORY_USERS, new JsonObject().put("orgId", "acme")).getJsonArray("users");

    assertEquals(new JsonObject().put("id", "ada").put("name", "Ada Admin").put("email", "ada@acme.test")
        .put("role", "admin"), users.getJsonObject(0));
    assertEquals(3, users.size());
    assertTrue(!users.encode().contains("$2"), "no hash leaves the bridge");
  }

  @Test
  void theUiIsServedWithAnSpaFallbackAndSecurityHeaders() {
    var root = bridge.get("/", null);
    var deepLink = bridge.get("/board/parked", null);
    var asset = bridge.get("/assets/app.js", null);

    assertEquals(200, root.status());
    assertTrue(root.text().contains("test-ui-index"));
    assertEquals(200, deepLink.status());
    assertTrue(deepLink.text().contains("test-ui-index"), "client-side routes load the app");
    assertEquals(200, asset.status());
    assertTrue(asset.text().contains("test-ui-app"));
    String csp = root.headers().get("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("connect-src 'self' ws: wss:"), csp);
    assertEquals("nosniff", root.headers().get("X-Content-Type-Options"));
    assertEquals("no-referrer", root.headers().get("Referrer-Policy"));
  }

  @Test
  void theFallbackNeverAnswersForApiEventbusTwilioHealthOrMissingFiles() {
    assertEquals(404, bridge.get("/assets/missing.js", null).status());
    assertEquals(401, bridge.get("/api/unknown", null).status());
    var twilio = bridge.get("/twilio/whatever", null);
    assertEquals(404, twilio.status());
    assertEquals("NOT_FOUND", twilio.json().getString("error"));
    assertEquals(200, bridge.get("/health/live", null).status());
  }

  @Test
  void withoutAUiBuildAPageSaysSo(TestDatabase db) {
    bridge.close();
    bridge = BridgeFixture.start(db, Map.of(), "no-such-webroot");

    var page = bridge.get("/", null);

    assertEquals(200, page.status());
    assertTrue(page.text().contains("not built"), page.text());
    assertEquals(404, bridge.get("/app.js", null).status());
  }
}
