package io.switchboard.voice;

import static io.switchboard.stack.StackHarness.NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.security.RequestValidator;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.stack.SignedTwilioClient;
import io.switchboard.stack.SignedTwilioClient.Response;
import io.switchboard.stack.StackHarness;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook contract, driven by a client that signs exactly as Twilio does: retries, forged and
 * malformed requests, out-of-order callbacks, and downstream outages.
 */
@ExtendWith(PgTestDatabase.class)
@PgTestDatabase.EachTest
class WebhookContractTest {
  static final String CALLER = "+15550003333";

  StackHarness h;
  SignedTwilioClient twilio;
  TestDatabase db;

  @BeforeEach
  void start(TestDatabase db) {
    this.db = db;
    h = StackHarness.start(db, List.of(new ClaimServiceModule(), new VoiceWebhookModule()), Map.of());
    twilio = new SignedTwilioClient(h.vertx, TestConfigs.AUTH_TOKEN, h.url(""), h.port);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  static String sid(String prefix) {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  static Map<String, String> inbound(String callSid) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", callSid);
    params.put("AccountSid", TestConfigs.ACCOUNT_SID);
    params.put("From", CALLER);
    params.put("To", NUMBER);
    params.put("CallStatus", "ringing");
    params.put("Direction", "inbound");
    return params;
  }

  long rows(String table, String callSid) {
    return h.count("SELECT count(*) FROM " + table + " WHERE call_sid = '" + callSid + "'");
  }

  private Map<String, String> answeredLeg(String callSid, String agent) {
    Map<String, String> answered = new LinkedHashMap<>();
    answered.put("CallSid", sid("CA"));
    answered.put("ParentCallSid", callSid);
    answered.put("AccountSid", TestConfigs.ACCOUNT_SID);
    answered.put("CallStatus", "in-progress");
    answered.put("Direction", "outbound-dial");
    answered.put("To", "client:" + agent);
    answered.put("From", CALLER);
    return answered;
  }

  private static String screen(String callSid, String agent, String purpose) {
    return "/twilio/screen?org=org-a&callSid=" + callSid + "&agent=" + agent + (purpose == null ? "" : "&purpose=" + purpose);
  }

  @Test
  @DisplayName("screening: the first answered leg of an unclaimed call is claimed and bridged, a second agent's leg is hung up, a late one too")
  void screeningBridgesOnlyTheCallsAgent() {
    h.setAvailable("agent-1", "agent-2");
    String callSid = sid("CA");
    twilio.post("/twilio/voice", inbound(callSid));
    Response first = twilio.post(screen(callSid, "agent-1", null), answeredLeg(callSid, "agent-1"));
    assertEquals(200, first.status(), first.body());
    assertFalse(first.body().contains("<Hangup"), first.body());
    String connected = h.rows("SELECT status, assigned_to, connected_at IS NOT NULL AS c FROM claims.calls WHERE call_sid = '"
        + callSid + "'");
    assertTrue(connected.contains("\"assigned_to\":\"agent-1\"") && connected.contains("\"c\":true"), connected);

    Response other = twilio.post(screen(callSid, "agent-2", null), answeredLeg(callSid, "agent-2"));
    assertEquals(200, other.status());
    assertTrue(other.body().contains("<Hangup/>"), other.body());
    Response repeated = twilio.post(screen(callSid, "agent-1", null), answeredLeg(callSid, "agent-1"));
    assertFalse(repeated.body().contains("<Hangup"), "the same agent's repeated request: " + repeated.body());

    twilio.post("/twilio/call-status", Map.of("CallSid", callSid, "AccountSid", TestConfigs.ACCOUNT_SID,
        "CallStatus", "completed", "To", NUMBER, "From", CALLER));
    Response late = twilio.post(screen(callSid, "agent-1", null), answeredLeg(callSid, "agent-1"));
    assertTrue(late.body().contains("<Hangup/>"), "after the call ended: " + late.body());
    String ended = h.rows("SELECT status, assigned_to FROM claims.calls WHERE call_sid = '" + callSid + "'");
    assertTrue(ended.contains("\"status\":\"ended\"") && ended.contains("agent-1"), ended);
  }

  @Test
  @DisplayName("screening: an unpark, ring-back or queue connect bridges only the agent the call was given to")
  void screeningOfAOneAgentConnectBridgesOnlyItsAgent() {
    h.setAvailable("agent-1", "agent-2");
    String callSid = sid("CA");
    twilio.post("/twilio/voice", inbound(callSid));
    assertTrue(h.claim(callSid, "agent-1").won());
    for (String purpose : List.of("claim", "unpark", "ringback")) {
      Response other = twilio.post(screen(callSid, "agent-2", purpose), answeredLeg(callSid, "agent-2"));
      assertTrue(other.body().contains("<Hangup/>"), purpose + ": " + other.body());
    }
    String still = h.rows("SELECT assigned_to, connected_at FROM claims.calls WHERE call_sid = '" + callSid + "'");
    assertTrue(still.contains("\"assigned_to\":\"agent-1\"") && still.contains("\"connected_at\":null"), still);
    Response mine = twilio.post(screen(callSid, "agent-1", "claim"), answeredLeg(callSid, "agent-1"));
    assertFalse(mine.body().contains("<Hangup"), mine.body());
  }

  @Test
  @DisplayName("screening: a leg whose ParentCallSid is another call is hung up and changes nothing")
  void screeningRefusesALegOfAnotherCall() {
    h.setAvailable("agent-1");
    String callSid = sid("CA");
    twilio.post("/twilio/voice", inbound(callSid));
    Response r = twilio.post(screen(callSid, "agent-1", null), answeredLeg(sid("CA"), "agent-1"));
    assertTrue(r.body().contains("<Hangup/>"), r.body());
    assertEquals(CallStatus.RINGING, h.call(callSid).status());
  }

  @Test
  @DisplayName("DialCallStatus canceled (the caller hung up while agents rang) ends the call as abandoned, without voicemail_at")
  void aDialCanceledByTheCallerEndsTheCallAsAbandoned() {
    h.setAvailable("agent-1");
    String callSid = sid("CA");
    twilio.post("/twilio/voice", inbound(callSid));
    Map<String, String> dialEnded = new LinkedHashMap<>(inbound(callSid));
    dialEnded.put("CallStatus", "canceled");
    dialEnded.put("DialCallStatus", "canceled");
    dialEnded.put("DialCallSid", sid("CA"));
    Response r = twilio.post("/twilio/dial-status?org=org-a", dialEnded);
    assertEquals(200, r.status(), r.body());
    assertFalse(r.body().contains("<Record"), "no voicemail prompt for a caller who left: " + r.body());
    String row = h.rows("SELECT status, end_reason, voicemail_at FROM claims.calls WHERE call_sid = '" + callSid + "'");
    assertTrue(row.contains("\"status\":\"ended\"") && row.contains("\"end_reason\":\"caller-hung-up\"")
        && row.contains("\"voicemail_at\":null"), row);
    JsonObject stats = h.request(Addresses.BOARD_SNAPSHOT_CALLS,
        new BoardQuery(StackHarness.ORG).toJson()).getJsonObject("stats");
    assertEquals(1L, stats.getLong("abandonedToday"), stats.encode());
  }

  @Test
  @DisplayName("the org owning the called number is asked of the directory once for many calls; an unknown number every time")
  void theNumbersOrgIsLookedUpOnceForManyCalls() {
    h.setAvailable("agent-1");
    assertEquals(200, twilio.post("/twilio/voice", inbound(sid("CA"))).status());
    int before = h.numberLookups.get();
    for (int i = 0; i < 3; i++) {
      Response ring = twilio.post("/twilio/voice", inbound(sid("CA")));
      assertTrue(ring.body().contains("<Identity>agent-1</Identity>"), ring.body());
    }
    assertEquals(before, h.numberLookups.get());

    Map<String, String> unknown = new LinkedHashMap<>(inbound(sid("CA")));
    unknown.put("To", "+15550009999");
    twilio.post("/twilio/voice", unknown);
    twilio.post("/twilio/voice", unknown);
    assertEquals(before + 2, h.numberLookups.get(), "a number nobody owns is not remembered");
  }

  @Test
  @DisplayName("a retried voice webhook answers the same TwiML and creates one call, even if presence changed meanwhile")
  void retriedVoiceWebhookIsIdempotent() {
    h.setAvailable("agent-1", "agent-2");
    String callSid = sid("CA");
    Response first = twilio.post("/twilio/voice", inbound(callSid));
    h.setAvailable("agent-3");
    Response retry = twilio.post("/twilio/voice", inbound(callSid));
    assertEquals(200, first.status());
    assertTrue(first.contentType().startsWith("text/xml"), first.contentType());
    assertEquals(first.body(), retry.body());
    assertTrue(first.body().contains("<Identity>agent-1</Identity>"), first.body());
    assertTrue(first.body().contains("<Identity>agent-2</Identity>"));
    assertTrue(first.body().contains("<Parameter name=\"callSid\" value=\"" + callSid + "\"/>"), first.body());
    assertTrue(first.body().contains("answerOnBridge=\"true\""));
    assertTrue(first.body().contains("timeout=\"30\""));
    assertTrue(first.body().contains("action=\"" + h.url("/twilio/dial-status?org=org-a") + "\""), first.body());
    assertTrue(first.body().contains("url=\"" + h.url("/twilio/screen?org=org-a&amp;callSid=" + callSid + "&amp;agent=agent-1")),
        first.body());
    assertFalse(first.body().contains("statusCallback"), "who is bridged is decided by screening, not a status callback");
    assertEquals(1, rows("claims.calls", callSid));
    assertEquals(2, rows("claims.ring_events", callSid), "the arrival and one ring_start listing the agents, not one per delivery");
  }

  @Test
  @DisplayName("Twilio's documented example signature validates, and changing one parameter fails it")
  void documentedExampleSignature() {
    // From Twilio's request validation docs: auth token 12345, this URL and these POST parameters.
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("Caller", "+14158675309");
    params.put("Digits", "1234");
    params.put("From", "+14158675309");
    params.put("To", "+18005551212");
    String documented = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    var validator = new RequestValidator("12345");
    assertTrue(validator.validate("https://mycompany.com/myapp.php?foo=1&bar=2", params, documented));
    assertEquals(documented,
        SignedTwilioClient.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params));

    // Our route check, configured with that public URL, behind a plain-HTTP loopback listener.
    var config = db.config(Map.of("SWITCHBOARD_PUBLIC_URL", "https://mycompany.com", "TWILIO_AUTH_TOKEN", "12345"));
    var router = Router.router(h.vertx);
    router.post("/myapp.php").handler(BodyHandler.create(false))
        .handler(new TwilioSignatureCheck(config)).handler(ctx -> ctx.response().end("ok"));
    var server = h.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    var client = new SignedTwilioClient(h.vertx, "12345", "https://mycompany.com", server.actualPort());
    assertEquals(200, client.post("/myapp.php?foo=1&bar=2", params, documented).status());
    params.put("Digits", "1235");
    assertEquals(403, client.post("/myapp.php?foo=1&bar=2", params, documented).status());
  }

  @Test
  @DisplayName("a forged or missing signature is 403 JSON and stores nothing")
  void forgedSignatureIsRejected() {
    String callSid = sid("CA");
    Response forged = twilio.post("/twilio/voice", inbound(callSid), "bm90IGEgc2lnbmF0dXJl");
    Response missing = twilio.post("/twilio/voice", inbound(callSid), null);
    Map<String, String> tampered = inbound(callSid);
    String good = SignedTwilioClient.sign(TestConfigs.AUTH_TOKEN, h.url("/twilio/voice"), tampered);
    tampered.put("From", "+15559999999");
    Response changed = twilio.post("/twilio/voice", tampered, good);
    for (Response r : List.of(forged, missing, changed)) {
      assertEquals(403, r.status());
      assertEquals("FORBIDDEN", new JsonObject(r.body()).getString("error"));
    }
    // Signed for another host: the public URL is what counts, not the Host the request came to.
    Response otherHost = twilio.post("/twilio/voice", inbound(callSid),
        SignedTwilioClient.sign(TestConfigs.AUTH_TOKEN, "http://127.0.0.1:1/twilio/voice", inbound(callSid)));
    assertEquals(403, otherHost.status());
    assertEquals(0, rows("claims.calls", callSid));
  }

  @Test
  @DisplayName("a missing or malformed Twilio parameter is 400 JSON naming it, and stores nothing")
  void missingOrMalformedParameterIs400() {
    long voicemailsBefore = h.count("SELECT count(*) FROM voice.voicemails");
    long callsBefore = h.count("SELECT count(*) FROM claims.calls");
    Map<String, String> noCallSid = inbound(sid("CA"));
    noCallSid.remove("CallSid");
    Response missing = twilio.post("/twilio/voice", noCallSid);
    assertEquals(400, missing.status());
    assertTrue(new JsonObject(missing.body()).getString("message").contains("CallSid"));

    Map<String, String> bad = inbound("CA'; drop table calls; --");
    assertEquals(400, twilio.post("/twilio/voice", bad).status());

    Map<String, String> recording = new LinkedHashMap<>();
    recording.put("CallSid", sid("CA"));
    recording.put("RecordingSid", "not-a-recording");
    assertEquals(400, twilio.post("/twilio/voicemail?org=org-a", recording).status());
    assertEquals(voicemailsBefore, h.count("SELECT count(*) FROM voice.voicemails"));
    assertEquals(callsBefore, h.count("SELECT count(*) FROM claims.calls"));
  }

  @Test
  @DisplayName("a body larger than any Twilio webhook is refused with 413")
  void oversizedBodyIsRefused() {
    String body = "CallSid=" + sid("CA") + "&Junk=" + "x".repeat(70_000);
    assertEquals(413, twilio.postRaw("/twilio/voice", body, "whatever").status());
  }

  @Test
  @DisplayName("voicemail callbacks in any order and repeated make one row; the transcription is added; one delta per change")
  void voicemailCallbacksConvergeOnOneRow() {
    String callSid = sid("CA");
    String recordingSid = sid("RE");
    Map<String, String> transcription = new LinkedHashMap<>();
    transcription.put("CallSid", callSid);
    transcription.put("RecordingSid", recordingSid);
    transcription.put("TranscriptionStatus", "completed");
    transcription.put("TranscriptionText", "Please call me back");
    assertEquals(200, twilio.post("/twilio/transcription?org=org-a", transcription).status());

    Map<String, String> action = new LinkedHashMap<>();
    action.put("CallSid", callSid);
    action.put("From", CALLER);
    action.put("To", NUMBER);
    action.put("RecordingSid", recordingSid);
    action.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/" + recordingSid);
    action.put("RecordingDuration", "7");
    Response done = twilio.post("/twilio/voicemail?org=org-a", action);
    assertTrue(done.body().contains("<Hangup/>"), done.body());
    assertEquals(done.body(), twilio.post("/twilio/voicemail?org=org-a", action).body());

    JsonObject row = h.request(Addresses.BOARD_SNAPSHOT_VOICEMAILS,
        new JsonObject().put("orgId", "org-a")).getJsonArray("voicemails").getJsonObject(0);
    assertEquals("Please call me back", row.getString("transcription"));
    assertEquals(CALLER, row.getString("from"));
    assertEquals(7, row.getInteger("durationSeconds"));
    assertEquals(1, h.count("SELECT count(*) FROM voice.voicemails WHERE recording_sid = '" + recordingSid + "'"));
    long deltas = h.deltas.stream().filter(d -> "voicemail".equals(d.getString("kind"))).count();
    assertEquals(3, deltas, "one delta for the transcription row, one when the action completed it, one when the"
        + " admins were notified; none for the retry");
    assertEquals(1, h.count("SELECT count(*) FROM voice.voicemails WHERE notified_at IS NOT NULL"));
  }

  @Test
  @DisplayName("the board is told how the admins heard of a voicemail: logged for the org's one admin when SMTP is unset")
  void theVoicemailShowsThatItsNotificationWasLoggedWithoutSmtp() {
    String callSid = sid("CA");
    String recordingSid = sid("RE");
    Map<String, String> action = new LinkedHashMap<>();
    action.put("CallSid", callSid);
    action.put("From", CALLER);
    action.put("To", NUMBER);
    action.put("RecordingSid", recordingSid);
    action.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/" + recordingSid);
    action.put("RecordingDuration", "4");
    assertEquals(200, twilio.post("/twilio/voicemail?org=org-a", action).status());

    JsonObject row = h.request(Addresses.BOARD_SNAPSHOT_VOICEMAILS,
        new JsonObject().put("orgId", "org-a")).getJsonArray("voicemails").getJsonObject(0);
    assertEquals("logged", row.getString("notification"), row.encode());
    assertEquals(1, row.getInteger("notifiedAdmins"), row.encode());
    // the notification reaches the boards as a delta
    JsonObject delta = h.awaitDelta(d -> "voicemail".equals(d.getString("kind")) && d.getJsonObject("data") != null
        && "logged".equals(d.getJsonObject("data").getString("notification")), "voicemail notification logged");
    assertEquals(1, delta.getJsonObject("data").getInteger("notifiedAdmins"));
  }

  @Test
  @DisplayName("a completed call-status before the dial-status leaves the call ended, and duplicates change nothing")
  void outOfOrderCallbacksLeaveTheRightFinalState() {
    h.setAvailable("agent-1");
    String callSid = sid("CA");
    twilio.post("/twilio/voice", inbound(callSid));
    Map<String, String> completed = inbound(callSid);
    completed.put("CallStatus", "completed");
    assertEquals(200, twilio.post("/twilio/call-status", completed).status());
    assertEquals(200, twilio.post("/twilio/call-status", completed).status());
    Map<String, String> dial = inbound(callSid);
    dial.put("DialCallStatus", "no-answer");
    Response late = twilio.post("/twilio/dial-status?org=org-a", dial);
    assertEquals(200, late.status());
    assertEquals(CallStatus.ENDED, h.call(callSid).status());
    assertEquals(1, h.count("SELECT count(*) FROM claims.calls WHERE status = 'ended' AND call_sid = '" + callSid + "'"));
  }

  @Test
  @DisplayName("voicemails.update marks handled and publishes; voicemails.audio gives the bridge the recording; another org gets 403")
  void voicemailUpdateAndAudioAreOrgScoped() {
    Map<String, String> action = new LinkedHashMap<>();
    action.put("CallSid", sid("CA"));
    action.put("From", CALLER);
    action.put("RecordingSid", sid("RE"));
    action.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/x");
    action.put("RecordingDuration", "3");
    twilio.post("/twilio/voicemail?org=org-a", action);
    String id = h.request(Addresses.BOARD_SNAPSHOT_VOICEMAILS,
        new JsonObject().put("orgId", "org-a")).getJsonArray("voicemails").getJsonObject(0).getString("voicemailId");
    JsonObject agent = new JsonObject().put("id", "a1").put("orgId", "org-a").put("role", "agent");
    JsonObject stranger = new JsonObject().put("id", "x1").put("orgId", StackHarness.OTHER_ORG).put("role", "admin");

    JsonObject handled = h.request(Addresses.VOICEMAILS_UPDATE,
        new JsonObject().put("voicemailId", id).put("handled", true).put("actor", agent));
    assertTrue(handled.getBoolean("handled"));
    h.awaitDelta(d -> id.equals(d.getString("key")) && d.getJsonObject("data").getBoolean("handled"), "handled delta");
    JsonObject audio = h.request(Addresses.VOICEMAILS_AUDIO,
        new JsonObject().put("voicemailId", id).put("actor", agent));
    assertEquals(action.get("RecordingUrl"), audio.getString("recordingUrl"));

    for (String address : List.of(Addresses.VOICEMAILS_UPDATE,
        Addresses.VOICEMAILS_AUDIO)) {
      RuntimeException e = Assertions.assertThrows(RuntimeException.class, () -> h.request(address,
          new JsonObject().put("voicemailId", id).put("handled", false).put("actor", stranger)));
      assertEquals(FailureCode.FORBIDDEN, Failures.code(e));
    }
    RuntimeException missing = Assertions.assertThrows(RuntimeException.class, () -> h.request(
        Addresses.VOICEMAILS_AUDIO, new JsonObject().put("voicemailId", "nope").put("actor", agent)));
    assertEquals(FailureCode.NOT_FOUND, Failures.code(missing));
  }

  @Test
  @DisplayName("presence unavailable: the caller still gets voicemail TwiML, never a 5xx")
  void presenceDownStillServesTheCaller() {
    h.presenceDown = true;
    String callSid = sid("CA");
    Response r = twilio.post("/twilio/voice", inbound(callSid));
    assertEquals(200, r.status());
    assertTrue(r.body().contains("<Record"), r.body());
    assertFalse(r.body().contains("<Dial"));
  }
}
