package io.switchboard.common.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The messages that were hand-built JSON before they were records: the same bytes on the wire, read back whole. */
class ContractRecordsTest {
  private static final Instant AT = Instant.parse("2026-11-21T04:00:00.123Z");
  private static final Actor ANN = new Actor("ann", "acme", Role.AGENT);

  @Test
  void parkingMessagesFromTheWebhookKeepTheirWireFormat() {
    assertEquals(new JsonObject().put("callSid", "CA1").put("agentId", "ann"), new HandOverReport("CA1", "ann").toJson());
    assertEquals(new JsonObject().put("conferenceName", "park-CA1-1").put("callSid", "CA1"),
        new ParkArrival("park-CA1-1", "CA1").toJson());
    assertEquals(new JsonObject().put("conferenceName", "park-CA1-1").put("conferenceSid", "CF1").put("event", "start"),
        new ConferenceReport("park-CA1-1", "CF1", "start").toJson());
    assertEquals(new HandOverReport("CA1", "ann"), HandOverReport.fromJson(new HandOverReport("CA1", "ann").toJson()));
    assertEquals(new ConferenceReport("park-CA1-1", "CF1", null),
        ConferenceReport.fromJson(new JsonObject().put("conferenceName", "park-CA1-1").put("conferenceSid", "CF1")));
    assertEquals(FailureCode.BAD_REQUEST, Failures.code(assertThrows(ReplyException.class,
        () -> HandOverReport.fromJson(new JsonObject().put("callSid", "CA1")))));
  }

  @Test
  void aMissedHandOverSaysParkOrRingAllAndOnlyTheFieldsThatAreSet() {
    assertEquals(new JsonObject().put("action", "park").put("conferenceName", "park-CA1-1").put("orgId", "acme"),
        ConnectFailedReply.park("park-CA1-1", "acme").toJson());
    assertEquals(new JsonObject().put("action", "ring-all").put("orgId", "acme"), ConnectFailedReply.ringAll("acme").toJson());
    assertEquals(new JsonObject().put("action", "ring-all"), ConnectFailedReply.ringAll(null).toJson());
    assertEquals(ConnectFailedReply.Action.RING_ALL,
        ConnectFailedReply.fromJson(new JsonObject().put("action", "ring-all")).action());
    assertEquals(ConnectFailedReply.park("park-CA1-1", "acme"),
        ConnectFailedReply.fromJson(ConnectFailedReply.park("park-CA1-1", "acme").toJson()));
  }

  @Test
  void directoryQueriesAndUsersKeepTheirWireFormat() {
    assertEquals(new JsonObject().put("number", "+15550001111"), new NumberQuery("+15550001111").toJson());
    JsonObject users = new JsonObject().put("users", new JsonArray()
        .add(new JsonObject().put("id", "boss").put("name", "Boss").put("email", "boss@acme.test").put("role", "admin"))
        .add(new JsonObject().put("id", "ann").put("name", "Ann").put("email", "ann@acme.test").put("role", "agent")));
    UserList list = UserList.fromJson(users);
    assertEquals(users, list.toJson());
    assertEquals(List.of("boss@acme.test"), list.adminEmails());
    assertTrue(list.has("ann"));
    assertFalse(list.has("gus"));
    assertEquals(List.of(), UserList.fromJson(new JsonObject()).users(), "no field: nobody");
  }

  @Test
  void voicemailAudioIsAskedAndAnsweredWithRecords() {
    assertEquals(new JsonObject().put("voicemailId", "VM1").put("actor", ANN.toJson()),
        new VoicemailLookup("VM1", ANN).toJson());
    assertEquals(new VoicemailLookup("VM1", ANN), VoicemailLookup.fromJson(new VoicemailLookup("VM1", ANN).toJson()));
    JsonObject reply = new JsonObject().put("voicemailId", "VM1").put("orgId", "acme").put("recordingSid", "RE1")
        .put("recordingUrl", "https://api.twilio.com/x").put("contentType", "audio/x-wav");
    VoicemailRecording recording = new VoicemailRecording("VM1", "acme", "RE1", "https://api.twilio.com/x", "audio/x-wav");
    assertEquals(reply, recording.toJson(), "mapped by Vert.x to the same fields");
    assertEquals(recording, VoicemailRecording.fromJson(reply));
    assertEquals(new VoicemailRecording("VM1", "acme", "RE1", null, null),
        VoicemailRecording.fromJson(new JsonObject().put("voicemailId", "VM1").put("orgId", "acme").put("recordingSid", "RE1")));
  }

  @Test
  void aRevokedSessionCarriesWhenItsTokenExpires() {
    SessionRevoked revoked = new SessionRevoked("6d1f0c1e-0000-4000-8000-000000000001", AT);
    assertEquals(new JsonObject().put("sessionId", revoked.sessionId()).put("expiresAt", "2026-11-21T04:00:00.123Z"),
        revoked.toJson());
    assertEquals(revoked, SessionRevoked.fromJson(revoked.toJson()));
    assertThrows(ReplyException.class, () -> SessionRevoked.fromJson(new JsonObject().put("sessionId", "s")));
  }

  @Test
  void snapshotsWrapTheirViewsUnderOneFieldEach() {
    AgentView agent = new AgentView("ann", "acme", "Ann", AgentStatus.AVAILABLE, null, AT, 3);
    AgentList agents = new AgentList(List.of(agent));
    assertEquals(new JsonObject().put("agents", new JsonArray().add(agent.toJson())), agents.toJson());
    assertEquals(agents, AgentList.fromJson(agents.toJson()));
    assertEquals(List.of("ann"), agents.ids());

    CallView call = new CallView("CA1", "acme", "+1555", "+1556", CallStatus.RINGING, null, RingMode.DIAL,
        List.of("ann"), List.of(), AT, null, null, null, null, 0);
    JsonObject stats = new JsonObject().put("answeredToday", 12);
    assertEquals(new JsonObject().put("calls", new JsonArray().add(call.toJson())).put("stats", stats),
        new CallList(List.of(call), stats).toJson());
    assertEquals(new JsonObject().put("calls", new JsonArray().add(call.toJson())), new CallList(List.of(call), null).toJson(),
        "calls.quiet has no counters");
    assertEquals(new CallList(List.of(call), stats), CallList.fromJson(new CallList(List.of(call), stats).toJson()));

    ParkedView parked = new ParkedView("P1", "CA1", "acme", "+1555", "ann", "park-CA1-1", null, AT, AT, 2, null, 3);
    assertEquals(new JsonObject().put("parked", new JsonArray().add(parked.toJson())), new ParkedList(List.of(parked)).toJson());
    assertEquals(List.of(parked), ParkedList.fromJson(new ParkedList(List.of(parked)).toJson()).parked());

    VoicemailView voicemail = new VoicemailView("VM1", "acme", "CA1", "+1555", "RE1", 3, null, false, AT, 1, null, 0);
    assertEquals(new JsonObject().put("voicemails", new JsonArray().add(voicemail.toJson())),
        new VoicemailList(List.of(voicemail)).toJson());
    assertEquals(List.of(voicemail), VoicemailList.fromJson(new VoicemailList(List.of(voicemail)).toJson()).voicemails());

    assertEquals(FailureCode.BAD_REQUEST, Failures.code(assertThrows(ReplyException.class,
        () -> AgentList.fromJson(new JsonObject().put("agents", new JsonArray().add("ann"))))), "an item that is no view");
  }

  @Test
  void aConflictsDetailsAreWrittenAndReadBackTyped() {
    CallView ended = new CallView("CA1", "acme", null, null, CallStatus.ENDED, null, RingMode.DIAL, List.of(), List.of(),
        AT, null, null, AT, "completed", 7);
    ReplyException failure = Conflict.state(ended).failure("the call is ended, it cannot be answered");

    JsonObject body = Failures.body(failure);
    assertEquals(new JsonObject().put("error", "CONFLICT").put("message", "the call is ended, it cannot be answered")
        .put("callSid", "CA1").put("status", "ended").put("version", 7L), body, "the same body as before");
    assertEquals(Optional.of(new Conflict("CA1", CallStatus.ENDED, 7L, null, null)), Conflict.of(failure));
    assertEquals(new JsonObject().put("error", "CONFLICT").put("message", "Another agent already answered")
        .put("winner", "bob").put("callSid", "CA1"),
        Failures.body(Conflict.lostTo("CA1", "bob").failure("Another agent already answered")));
    assertEquals("bob", Conflict.of(Conflict.lostTo("CA1", "bob").failure("lost")).orElseThrow().winner());
    assertEquals("P1", Conflict.of(Conflict.parked("P1").failure("gone")).orElseThrow().parkedId());
    assertEquals(Optional.empty(), Conflict.of(Failures.notFound("no such call")), "only a 409 has conflict details");
  }
}
