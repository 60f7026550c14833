package io.switchboard.bridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallTimeline;
import io.switchboard.common.contract.HistoryCall;
import io.switchboard.common.contract.HistoryEvent;
import io.switchboard.common.contract.HistoryPage;
import io.switchboard.common.contract.VoicemailList;
import io.switchboard.common.contract.VoicemailView;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The history endpoints of the bridge against owners that answer as the claim-service and the
 * voice-webhook-service do (a call belongs to acme; another org's is "no such call"): the org is the
 * token's, a bad filter is a 400 with a JSON message before any owner is asked, and a call's timeline
 * carries its voicemail in time order.
 */
@ExtendWith(PgTestDatabase.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallHistoryApiTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final HistoryCall ACME_CALL = new HistoryCall("CAacme", "+15551230001", "+15550001111", CallStatus.ENDED,
      T0, null, T0.plusSeconds(40), "completed", "voicemail", null, 0);
  BridgeFixture bridge;
  BridgeFixture.Recorder search;
  BridgeFixture.Recorder timeline;
  BridgeFixture.Recorder voicemails;

  @BeforeEach
  void start(TestDatabase db) {
    bridge = BridgeFixture.start(db).seed();
    search = bridge.fake(Addresses.CALLS_HISTORY, req -> Future.succeededFuture(new HistoryPage(
        "acme".equals(req.getJsonObject("actor").getString("orgId")) ? List.of(ACME_CALL) : List.of(),
        req.getInteger("offset"), req.getInteger("limit"), false).toJson()));
    timeline = bridge.fake(Addresses.CALLS_TIMELINE, req -> {
      CallLookup lookup = CallLookup.fromJson(req);
      if (!lookup.callSid().equals("CAacme") || !lookup.actor().orgId().equals("acme")) {
        return Future.failedFuture(Failures.notFound("no such call"));
      }
      return Future.succeededFuture(new CallTimeline(ACME_CALL, List.of(
          new HistoryEvent("arrived", T0, null, null, null, null, null),
          new HistoryEvent("ring_start", T0, null, List.of(), null, null, null),
          new HistoryEvent("voicemail", T0.plusMillis(5), null, null, "system", "no-agents", null),
          new HistoryEvent("ended", T0.plusSeconds(40), null, null, "system", "completed", null))).toJson());
    });
    voicemails = bridge.fake(Addresses.VOICEMAILS_OF_CALL, req -> Future.succeededFuture(new VoicemailList(List.of(
        new VoicemailView("VM1", "acme", "CAacme", "+15551230001", "RE1", 12, null, false, T0.plusSeconds(30), 1,
            null, 0))).toJson()));
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  @Test
  void theSearchAsksForTheTokensOrgWithEveryFilterAndPassesThePageOn() {
    var response = bridge.get("/api/history/calls?number=%2B1555123&agentId=bob&since=2026-12-01T00:00:00Z"
        + "&until=2026-12-02T00:00:00Z&outcome=voicemail&offset=25&limit=10", bridge.ann());
    assertEquals(200, response.status(), response.text());
    JsonObject asked = search.only();
    assertEquals("acme", asked.getJsonObject("actor").getString("orgId"));
    assertEquals("ann", asked.getJsonObject("actor").getString("id"));
    assertEquals("+1555123", asked.getString("number"));
    assertEquals("bob", asked.getString("agentId"));
    assertEquals("2026-12-01T00:00:00Z", asked.getString("since"));
    assertEquals("2026-12-02T00:00:00Z", asked.getString("until"));
    assertEquals("voicemail", asked.getString("outcome"));
    assertEquals(25, asked.getInteger("offset"));
    assertEquals(10, asked.getInteger("limit"));
    assertEquals("CAacme", response.json().getJsonArray("calls").getJsonObject(0).getString("callSid"));

    var other = bridge.get("/api/history/calls", bridge.gus());
    assertEquals(200, other.status());
    assertEquals(0, other.json().getJsonArray("calls").size(), "globex sees none of acme's calls");
    assertEquals("globex", search.requests.get(1).getJsonObject("actor").getString("orgId"));
  }

  @Test
  void badFiltersAre400WithAJsonMessageAndNoOwnerIsAsked() {
    for (String query : List.of("number=abc", "number=%2B%2B1", "number=1234567890123456789012", "outcome=lost",
        "since=yesterday", "until=2026-13-01", "offset=-1", "offset=x", "limit=0", "limit=101", "limit=1e3",
        "agentId=%3Cscript%3E", "since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", "outcome=answered&outcome=voicemail")) {
      var response = bridge.get("/api/history/calls?" + query, bridge.ann());
      assertEquals(400, response.status(), query + ": " + response.text());
      assertEquals("BAD_REQUEST", response.json().getString("error"), query);
      assertTrue(!response.json().getString("message").isBlank(), query);
    }
    assertEquals(List.of(), search.requests, "nothing reached the claim-service");
    assertEquals(400, bridge.get("/api/history/calls/bad%20sid", bridge.ann()).status());
    assertEquals(List.of(), timeline.requests);
    assertEquals(401, bridge.get("/api/history/calls", null).status());
    assertEquals(401, bridge.get("/api/history/calls/CAacme", null).status());
  }

  @Test
  void aCallsTimelineHasItsVoicemailInTimeOrderAndAnotherOrgsCallIs404LikeAnUnknownOne() {
    var response = bridge.get("/api/history/calls/CAacme", bridge.ann());
    assertEquals(200, response.status(), response.text());
    List<String> types = response.json().getJsonArray("events").stream()
        .map(e -> ((JsonObject) e).getString("type")).toList();
    assertEquals(List.of("arrived", "ring_start", "voicemail", "voicemail_left", "ended"), types);
    JsonObject left = response.json().getJsonArray("events").getJsonObject(3);
    assertEquals("VM1", left.getString("voicemailId"));
    assertEquals("12 s", left.getString("detail"));
    assertEquals("VM1", response.json().getJsonArray("voicemails").getJsonObject(0).getString("voicemailId"));
    assertEquals("acme", voicemails.only().getJsonObject("actor").getString("orgId"));

    var foreign = bridge.get("/api/history/calls/CAacme", bridge.gus());
    var unknown = bridge.get("/api/history/calls/CAnone", bridge.gus());
    assertEquals(404, foreign.status());
    assertEquals(unknown.status(), foreign.status());
    assertEquals(unknown.json(), foreign.json(), "another org's call answers exactly like an unknown one");
    assertEquals("NOT_FOUND", foreign.json().getString("error"));
    assertNull(foreign.json().getValue("events"));
  }
}
