package io.switchboard.bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.Role;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint against fake owners of the event-bus addresses: the request carries the actor of
 * the JWT (never of the body), the reply is passed on, failures keep their status and shape.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiRoutesTest {
  private static final JsonObject ANN = new JsonObject().put("id", "ann").put("orgId", "acme").put("role", "agent");
  private static final JsonObject ADA = new JsonObject().put("id", "ada").put("orgId", "acme").put("role", "admin");
  private BridgeFixture bridge;

  @BeforeEach
  void start(TestDatabase db) {
    bridge = BridgeFixture.start(db).seed();
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private static Future<JsonObject> echo(JsonObject request) {
    return Future.succeededFuture(new JsonObject().put("echo", request));
  }

  @Test
  void claimWonAnswersTheClaimResultAndSendsTheActorFromTheToken() {
    var claims = bridge.fake(Addresses.CLAIMS_CLAIM, req -> Future.succeededFuture(
        new ClaimResult(ClaimResult.Outcome.WON, req.getString("callSid"), "ann", 7).toJson()));

    var response = bridge.send(HttpMethod.POST, "/api/calls/CA123/claim", bridge.ann(), null);

    assertEquals(200, response.status(), response.text());
    assertEquals(new JsonObject().put("outcome", "WON").put("callSid", "CA123").put("winner", "ann").put("version", 7),
        response.json());
    assertEquals(new JsonObject().put("callSid", "CA123").put("actor", ANN), claims.only());
  }

  @Test
  void claimLostIs409WithTheWinner() {
    bridge.fake(Addresses.CLAIMS_CLAIM, req -> Future.succeededFuture(
        new ClaimResult(ClaimResult.Outcome.LOST, "CA123", "bob", 7).toJson()));

    var response = bridge.send(HttpMethod.POST, "/api/calls/CA123/claim", bridge.ann(), new JsonObject());

    assertEquals(409, response.status());
    assertEquals(new JsonObject().put("error", "CONFLICT").put("message", "Another agent already answered")
        .put("winner", "bob").put("callSid", "CA123"), response.json());
  }

  @Test
  void aClaimBodyCannotNameAnotherActor() {
    var claims = bridge.fake(Addresses.CLAIMS_CLAIM, ApiRoutesTest::echo);

    var response = bridge.send(HttpMethod.POST, "/api/calls/CA123/claim", bridge.ann(),
        new JsonObject().put("actor", ADA));

    assertEquals(400, response.status());
    assertTrue(claims.requests.isEmpty());
  }

  @Test
  void declineParkUnparkAndVoicemailUpdateMapOntoTheirAddresses() {
    var decline = bridge.fake(Addresses.CLAIMS_DECLINE, ApiRoutesTest::echo);
    var park = bridge.fake(Addresses.PARKING_PARK, ApiRoutesTest::echo);
    var unpark = bridge.fake(Addresses.PARKING_UNPARK, ApiRoutesTest::echo);
    var voicemail = bridge.fake(Addresses.VOICEMAILS_UPDATE, ApiRoutesTest::echo);

    assertEquals(200, bridge.send(HttpMethod.POST, "/api/calls/CA1/decline", bridge.ann(), null).status());
    assertEquals(200, bridge.send(HttpMethod.POST, "/api/calls/CA2/park", bridge.ann(), null).status());
    var unparked = bridge.send(HttpMethod.POST, "/api/parked/P9/unpark", bridge.ann(),
        new JsonObject().put("agentId", "bob"));
    var handled = bridge.send(HttpMethod.PUT, "/api/voicemails/VM5", bridge.ada(),
        new JsonObject().put("handled", true));

    assertEquals(new JsonObject().put("callSid", "CA1").put("actor", ANN), decline.only());
    assertEquals(new JsonObject().put("callSid", "CA2").put("agentId", "ann").put("actor", ANN), park.only());
    assertEquals(200, unparked.status());
    assertEquals(new JsonObject().put("parkedId", "P9").put("agentId", "bob").put("actor", ANN), unpark.only());
    assertEquals(new JsonObject().put("echo", unpark.only()), unparked.json(), "the reply is passed on");
    assertEquals(200, handled.status());
    assertEquals(new JsonObject().put("voicemailId", "VM5").put("handled", true).put("actor", ADA), voicemail.only());
  }

  @Test
  void hangupGoesToTheHangupServiceAsMeAgentOrAdminAndPassesItsAnswerOn() {
    var hangups = bridge.fake(Addresses.CALLS_HANGUP, req -> switch (req.getString("callSid")) {
      case "CA4" -> Future.failedFuture(Failures.forbidden("only the agent on the call or an admin can hang it up"));
      case "CA404" -> Future.failedFuture(Failures.notFound("no such call"));
      default -> echo(req);
    });

    var mine = bridge.send(HttpMethod.POST, "/api/calls/CA3/hangup", bridge.ann(), null);
    var theirs = bridge.send(HttpMethod.POST, "/api/calls/CA4/hangup", bridge.ann(), null);
    var byAdmin = bridge.send(HttpMethod.POST, "/api/calls/CA1/hangup", bridge.ada(), null);
    var unknown = bridge.send(HttpMethod.POST, "/api/calls/CA404/hangup", bridge.ada(), null);
    var bad = bridge.send(HttpMethod.POST, "/api/calls/not%20a%20sid/hangup", bridge.ann(), null);
    var withBody = bridge.send(HttpMethod.POST, "/api/calls/CA1/hangup", bridge.ada(), new JsonObject().put("x", 1));
    var oldEnd = bridge.send(HttpMethod.POST, "/api/calls/CA1/end", bridge.ada(), null);

    assertEquals(200, mine.status(), mine.text());
    assertEquals(new JsonObject().put("callSid", "CA3").put("actor", ANN), hangups.requests.get(0));
    assertEquals(403, theirs.status());
    assertEquals("FORBIDDEN", theirs.json().getString("error"));
    assertEquals(200, byAdmin.status(), byAdmin.text());
    assertEquals(new JsonObject().put("echo", new JsonObject().put("callSid", "CA1").put("actor", ADA)), byAdmin.json());
    assertEquals(404, unknown.status());
    assertEquals("NOT_FOUND", unknown.json().getString("error"));
    assertEquals(400, bad.status());
    assertEquals(400, withBody.status());
    assertEquals(404, oldEnd.status(), "one way to hang up: /end is gone");
    assertEquals(4, hangups.requests.size(), "a bad CallSid or a body is refused before any request");
  }

  @Test
  void myStatusGoesToPresenceAsMe() {
    var presence = bridge.fake(Addresses.PRESENCE_SET_STATUS, ApiRoutesTest::echo);

    var response = bridge.send(HttpMethod.PUT, "/api/agents/me/status", bridge.ann(),
        new JsonObject().put("status", "away"));

    assertEquals(200, response.status(), response.text());
    assertEquals(new JsonObject().put("agentId", "ann").put("status", "away").put("actor", ANN), presence.only());
  }

  @Test
  void anAdminSetsAnotherAgentOfItsOrgButAnAgentMayNot() {
    var presence = bridge.fake(Addresses.PRESENCE_SET_STATUS, ApiRoutesTest::echo);

    var byAdmin = bridge.send(HttpMethod.PUT, "/api/agents/bob/status", bridge.ada(),
        new JsonObject().put("status", "available"));
    var byAgent = bridge.send(HttpMethod.PUT, "/api/agents/bob/status", bridge.ann(),
        new JsonObject().put("status", "available"));

    assertEquals(200, byAdmin.status());
    assertEquals(new JsonObject().put("agentId", "bob").put("status", "available").put("actor", ADA),
        presence.only());
    assertEquals(403, byAgent.status());
    assertEquals("FORBIDDEN", byAgent.json().getString("error"));
    assertEquals(1, presence.requests.size(), "the refused request never reached presence");
  }

  @Test
  void aSupervisorSetsAnotherAgentOfItsOrgAndPresenceIsToldItIsASupervisor() {
    var presence = bridge.fake(Addresses.PRESENCE_SET_STATUS, ApiRoutesTest::echo);

    var bySupervisor = bridge.send(HttpMethod.PUT, "/api/agents/bob/status", bridge.token("sue", "acme", Role.SUPERVISOR),
        new JsonObject().put("status", "away"));
    var otherOrg = bridge.send(HttpMethod.PUT, "/api/agents/gus/status", bridge.token("sue", "acme", Role.SUPERVISOR),
        new JsonObject().put("status", "away"));

    assertEquals(200, bySupervisor.status(), bySupervisor.text());
    assertEquals(new JsonObject().put("agentId", "bob").put("status", "away")
        .put("actor", new JsonObject().put("id", "sue").put("orgId", "acme").put("role", "supervisor")), presence.only());
    assertEquals(403, otherOrg.status(), "a supervisor runs its own org's floor only");
  }

  @Test
  void anotherOrgsAgentIs403FromTheBridgeAndNeverReachesTheOwner() {
    var presence = bridge.fake(Addresses.PRESENCE_SET_STATUS, ApiRoutesTest::echo);
    var unpark = bridge.fake(Addresses.PARKING_UNPARK, ApiRoutesTest::echo);

    var status = bridge.send(HttpMethod.PUT, "/api/agents/gus/status", bridge.ada(),
        new JsonObject().put("status", "away"));
    var unknown = bridge.send(HttpMethod.PUT, "/api/agents/nobody/status", bridge.ada(),
        new JsonObject().put("status", "away"));
    var toForeignAgent = bridge.send(HttpMethod.POST, "/api/parked/P1/unpark", bridge.ann(),
        new JsonObject().put("agentId", "gus"));

    assertEquals(403, status.status());
    assertEquals(403, unknown.status(), "unknown and foreign look the same: no probing other orgs");
    assertEquals(status.json().getString("error"), unknown.json().getString("error"));
    assertEquals(403, toForeignAgent.status());
    assertTrue(presence.requests.isEmpty());
    assertTrue(unpark.requests.isEmpty());
  }

  @Test
  void anOwnersRefusalKeepsItsStatusAndBody() {
    bridge.fake(Addresses.PARKING_PARK, req -> Future.failedFuture(Failures.forbidden("not your call")));
    bridge.fake(Addresses.CLAIMS_DECLINE, req -> Future.failedFuture(Failures.notFound("no such call")));

    var park = bridge.send(HttpMethod.POST, "/api/calls/CA9/park", bridge.gus(), null);
    var decline = bridge.send(HttpMethod.POST, "/api/calls/CA9/decline", bridge.gus(), null);

    assertEquals(403, park.status());
    assertEquals(new JsonObject().put("error", "FORBIDDEN").put("message", "not your call"), park.json());
    assertEquals(404, decline.status());
  }

  @Test
  void noOwnerListeningIs503() {
    var response = bridge.send(HttpMethod.POST, "/api/calls/CA9/claim", bridge.ann(), null);

    assertEquals(503, response.status());
    assertEquals("UNAVAILABLE", response.json().getString("error"));
  }

  @Test
  void badInputIs400Or415BeforeAnythingIsSent() {
    var presence = bridge.fake(Addresses.PRESENCE_SET_STATUS, ApiRoutesTest::echo);
    var claims = bridge.fake(Addresses.CLAIMS_CLAIM, ApiRoutesTest::echo);

    assertEquals(400, bridge.send(HttpMethod.PUT, "/api/agents/me/status", bridge.ann(),
        new JsonObject().put("status", "busy")).status(), "busy is derived, not settable");
    assertEquals(400, bridge.send(HttpMethod.PUT, "/api/agents/me/status", bridge.ann(),
        new JsonObject().put("status", "away").put("agentId", "bob")).status(), "unknown field");
    assertEquals(400, bridge.send(HttpMethod.PUT, "/api/agents/me/status", bridge.ann(), null).status());
    assertEquals(415, bridge.call(HttpMethod.PUT, "/api/agents/me/status", bridge.ann(), "text/plain",
        "{\"status\":\"away\"}").status());
    assertEquals(400, bridge.send(HttpMethod.POST, "/api/calls/CA%20X/claim", bridge.ann(), null).status());
    assertEquals(400, bridge.send(HttpMethod.PUT, "/api/voicemails/VM1", bridge.ann(),
        new JsonObject().put("handled", "yes")).status());
    assertEquals(400, bridge.call(HttpMethod.POST, "/api/calls/CA1/claim", bridge.ann(), "application/json",
        "[1,2]").status());
    assertTrue(presence.requests.isEmpty());
    assertTrue(claims.requests.isEmpty());
  }

  @Test
  void voicemailsListOnlyTheCallersOrg() {
    var snapshot = bridge.fake(Addresses.BOARD_SNAPSHOT_VOICEMAILS, req -> Future.succeededFuture(
        new JsonObject().put("voicemails", new JsonArray()
            .add(new JsonObject().put("voicemailId", "VM1").put("orgId", "acme"))
            .add(new JsonObject().put("voicemailId", "VMX").put("orgId", "globex")))));

    var response = bridge.get("/api/voicemails", bridge.ann());

    assertEquals(200, response.status());
    assertEquals(new JsonObject().put("orgId", "acme"), snapshot.only());
    assertEquals(new JsonArray().add(new JsonObject().put("voicemailId", "VM1").put("orgId", "acme")),
        response.json().getJsonArray("voicemails"));
  }

  @Test
  void meAndConfigDescribeTheCallerAndItsOrg() {
    var me = bridge.get("/api/me", bridge.gus());
    var config = bridge.get("/api/config", bridge.ann());

    assertEquals(new JsonObject().put("id", "gus").put("orgId", "globex").put("name", "Gus Globex")
        .put("email", "gus@globex.test").put("role", "agent"), me.json());
    JsonObject expected = new JsonObject().put("phone", "twilio")
        .put("numbers", new JsonArray().add("+15550001111"))
        .put("ringTimeoutSeconds", 30).put("presenceGraceSeconds", 15);
    assertEquals(expected, config.json());
  }

  @Test
  void configPointsTheBrowserAtTheSimulatorWhenTwilioIsSimulated(TestDatabase db) {
    bridge.close();
    bridge = BridgeFixture.start(db, Map.of("TWILIO_API_BASE_URL", "http://127.0.0.1:18089"), "test-webroot").seed();

    JsonObject config = bridge.get("/api/config", bridge.ann()).json();

    assertEquals("sim", config.getString("phone"));
    // at the page's own origin, which forwards to the simulator (SimProxyTest)
    assertEquals("ws://127.0.0.1:" + bridge.port() + "/sim/phone", config.getString("simPhoneUrl"));
    assertEquals("http://127.0.0.1:" + bridge.port() + "/sim", config.getString("simControlUrl"));
  }

  @Test
  void twilioTokenIsAnAccessTokenWithAVoiceGrantForTheAgent() throws Exception {
    var response = bridge.get("/api/twilio/token", bridge.ann());

    assertEquals(200, response.status());
    JsonObject body = response.json();
    assertEquals("ann", body.getString("identity"));
    String[] parts = body.getString("token").split("\\.");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestConfigs.API_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] signature = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(signature), parts[2],
        "signed with the API key secret");
    JsonObject header = decode(parts[0]);
    JsonObject claims = decode(parts[1]);
    assertEquals("twilio-fpa;v=1", header.getString("cty"));
    assertEquals(TestConfigs.API_KEY, claims.getString("iss"));
    assertEquals(TestConfigs.ACCOUNT_SID, claims.getString("sub"));
    JsonObject grants = claims.getJsonObject("grants");
    assertEquals("ann", grants.getString("identity"));
    JsonObject voice = grants.getJsonObject("voice");
    assertEquals(true, voice.getJsonObject("incoming").getBoolean("allow"));
    assertEquals(TestConfigs.TWIML_APP_SID, voice.getJsonObject("outgoing").getString("application_sid"));
    long exp = claims.getLong("exp");
    assertEquals(Instant.ofEpochSecond(exp), Instant.parse(body.getString("expiresAt")));
    long ttl = exp - Instant.now().getEpochSecond();
    assertTrue(ttl > 3500 && ttl <= 3600, "about one hour: " + ttl);
  }

  @Test
  void unknownApiPathsAreJson404AndHaveNoStoreAndNosniff() {
    var response = bridge.get("/api/nothing-here", bridge.ann());

    assertEquals(404, response.status());
    assertEquals("NOT_FOUND", response.json().getString("error"));
    assertEquals("nosniff", response.headers().get("X-Content-Type-Options"));
    assertFalse(response.text().contains("<html"));
  }

  private static JsonObject decode(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  @Test
  void aGetWithAFormContentTypeAndABodyIsServedNotA5xx() {
    // A body handler on GET tried to decode the form and threw IllegalStateException: 503.
    var response = bridge.call(HttpMethod.GET, "/api/me", bridge.ann(), "application/x-www-form-urlencoded", "a=%ZZ");
    assertTrue(response.status() < 500, response.status() + " " + response.body());
    var noToken = bridge.call(HttpMethod.GET, "/api/board", null, "multipart/form-data; boundary=x", "--x--");
    assertEquals(401, noToken.status());
  }
}
