package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Conference;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.rest.api.v2010.account.conference.Participant;
import com.twilio.type.Client;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RestApiTest extends SimTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path));
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String calls() {
    return "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + "/Calls.json";
  }

  /** A form body (every Twilio SDK request) must not leave an empty {@code file-uploads/} folder where the demo runs. */
  @Test
  void formBodiesLeaveNoUploadsFolderBehind() throws Exception {
    Path uploads = Path.of("file-uploads");
    Files.deleteIfExists(uploads); // only ever empty: nothing is uploaded to it
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
            + "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + "/Calls/CA" + "0".repeat(32) + ".json"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (TestConfigs.ACCOUNT_SID + ":" + TestConfigs.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Status=completed")).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(404, response.statusCode(), response.body());
    assertTrue(Files.notExists(uploads), "an uploads folder was created in " + uploads.toAbsolutePath());
  }

  @Test
  void requestsWithoutValidCredentialsAre401WithTwiliosErrorJson() throws Exception {
    JsonObject expected = new JsonObject().put("code", 20003).put("message", "Authenticate")
        .put("more_info", "https://www.twilio.com/docs/errors/20003").put("status", 401);
    for (HttpResponse<String> response : List.of(
        get(calls(), null, null),
        get(calls(), TestConfigs.ACCOUNT_SID, "wrong-token"),
        get(calls(), TestConfigs.API_KEY, "wrong-secret"),
        get("/2010-04-01/Accounts/AC" + "f".repeat(32) + "/Calls.json", TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN))) {
      assertEquals(401, response.statusCode());
      assertEquals(expected, new JsonObject(response.body()));
    }
    assertEquals(200, get(calls(), TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN).statusCode());
    assertEquals(200, get(calls(), TestConfigs.API_KEY, TestConfigs.API_SECRET).statusCode());
  }

  @Test
  void theSdkFetchesACallWithItsFieldsAndDates() {
    app.twiml("/voice", response("<Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    Call fetched = Call.fetcher(call.sid()).fetch(sdk());
    assertEquals(call.sid(), fetched.getSid());
    assertEquals(TestConfigs.ACCOUNT_SID, fetched.getAccountSid());
    assertEquals(CALLER, fetched.getFrom());
    assertEquals(NUMBER, fetched.getTo());
    assertEquals("inbound", fetched.getDirection());
    assertNotNull(fetched.getDateCreated(), "RFC 2822 date parsed");
    assertNotNull(fetched.getDateUpdated());
    assertNull(fetched.getParentCallSid());
    ApiException missing = assertThrows(ApiException.class, () -> Call.fetcher("CA" + "0".repeat(32)).fetch(sdk()));
    assertEquals(20404, missing.getCode());
  }

  @Test
  void aRestUrlRedirectMovesALiveCallIntoAConferenceWhereItHearsTheWaitUrlUntilASecondParticipantArrives() {
    app.twiml("/voice", response("<Say>Hello</Say><Pause length=\"600\"/>"));
    app.on("/park", hit -> new TestApp.Reply(200, response("<Say>Please hold</Say><Dial action=\"/after-park\">"
        + "<Conference startConferenceOnEnter=\"false\" endConferenceOnExit=\"true\" waitUrl=\"/hold-music\""
        + " statusCallback=\"/conference-status\" statusCallbackEvent=\"start end join leave\">"
        + hit.param("conference") + "</Conference></Dial>")));
    app.twiml("/hold-music", response("<Play>https://example.com/hold.mp3</Play>"));
    app.twiml("/agent", response("<Dial><Conference startConferenceOnEnter=\"true\">park-1</Conference></Dial>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();

    Call updated = Call.updater(call.sid()).setUrl(app.url("/park?conference=park-1")).setMethod(HttpMethod.POST)
        .update(sdk());
    assertEquals(Call.Status.IN_PROGRESS, updated.getStatus());
    // The waitUrl is requested again and again while the caller is alone.
    app.awaitCount("/hold-music", 3, WITHIN);
    call.awaitEvent(e -> e.type().equals("play") && e.get("url").endsWith("hold.mp3"), "hold music", WITHIN).await();
    app.hits("/hold-music").forEach(h -> assertEquals(call.sid(), h.param("CallSid")));
    assertTrue(sim.conferenceParticipants("park-1").contains(call.sid()));

    Conference room = StreamSupport.stream(Conference.reader().setFriendlyName("park-1").read(sdk()).spliterator(), false)
        .findFirst().orElseThrow();
    assertEquals(Conference.Status.INIT, room.getStatus());
    assertNotNull(room.getDateCreated());

    // The agent joins: the conference starts and the hold music stops.
    sim.number("+15557770000").voiceUrl(app.url("/agent"));
    SimCall agent = sim.inboundCall("+15558880000", "+15557770000").await();
    call.awaitEvent("conference-started", WITHIN).await();
    int holdRequests = app.hits("/hold-music").size();
    List<Participant> participants = StreamSupport.stream(
        Participant.reader(room.getSid()).read(sdk()).spliterator(), false).toList();
    assertEquals(List.of(call.sid(), agent.sid()), participants.stream().map(Participant::getCallSid).toList());
    assertEquals(Participant.Status.CONNECTED, participants.get(0).getStatus());
    assertEquals(Conference.Status.IN_PROGRESS, Conference.fetcher(room.getSid()).fetch(sdk()).getStatus());

    // The caller leaves with endConferenceOnExit: the conference ends, the agent's call goes on and ends.
    call.hangUp().await();
    agent.awaitEnd(WITHIN).await();
    app.await("/conference-status", "StatusCallbackEvent", "conference-end", WITHIN);
    assertEquals(List.of("participant-join", "participant-join", "conference-start", "participant-leave",
            "participant-leave", "conference-end"),
        app.hits("/conference-status").stream().map(h -> h.param("StatusCallbackEvent")).toList());
    assertEquals(holdRequests, app.hits("/hold-music").size(), "no hold music once the conference started");
    assertEquals(Conference.Status.COMPLETED, Conference.fetcher(room.getSid()).fetch(sdk()).getStatus());
    assertEquals(List.of("Hello", "Please hold"), call.heard());
    assertAllSigned();
  }

  @Test
  void anInlineTwimlUpdateRuns() {
    app.twiml("/voice", response("<Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();
    Call.updater(call.sid()).setTwiml(new Twiml(response("<Say>Inline</Say><Hangup/>"))).update(sdk());
    call.awaitEnd(WITHIN).await();
    assertEquals(List.of("Inline"), call.heard());
    assertEquals("completed", call.status());
  }

  @Test
  void statusCompletedHangsUpAndAnEndedCallCannotBeRedirected() {
    app.twiml("/voice", response("<Say>Hi</Say><Pause length=\"600\"/>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("pause", WITHIN).await();
    Call ended = Call.updater(call.sid()).setStatus(Call.UpdateStatus.COMPLETED).update(sdk());
    assertEquals(Call.Status.COMPLETED, ended.getStatus());
    assertEquals("completed", app.await("/call-status", WITHIN).param("CallStatus"));
    ApiException refused = assertThrows(ApiException.class,
        () -> Call.updater(call.sid()).setUrl(app.url("/voice")).update(sdk()));
    assertEquals(21220, refused.getCode());
  }

  @Test
  void aRestCreatedCallRingsItsTargetAndRunsItsUrlWhenAnswered() {
    app.twiml("/outbound", response("<Say>Outbound</Say>"));
    SimDevice carol = sim.device("carol");
    Call created = Call.creator(new Client("client:carol"), new PhoneNumber(NUMBER), app.url("/outbound"))
        .setStatusCallback(app.url("/outbound-status"))
        .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
        .create(sdk());
    assertEquals("outbound-api", created.getDirection());
    carol.nextIncoming(WITHIN).await().accept().await();
    SimCall call = sim.call(created.getSid()).orElseThrow();
    call.awaitEnd(WITHIN).await();
    app.await("/outbound-status", "CallStatus", "completed", WITHIN);
    assertEquals(List.of("Outbound"), call.heard());
    assertEquals(List.of("initiated", "ringing", "in-progress", "completed"),
        app.hits("/outbound-status").stream().map(h -> h.param("CallStatus")).toList());
    assertEquals("in-progress", app.hits("/outbound").get(0).param("CallStatus"));
  }

  @Test
  void resourcesCarryEveryFieldOfTwiliosOpenApiSchemaWithValidEnums() {
    app.twiml("/voice", response("<Record action=\"/vm\" timeout=\"1\"/><Dial><Conference>schema</Conference></Dial>"));
    app.twiml("/vm", response("<Dial><Conference>schema</Conference></Dial>"));
    SimCall call = sim.inboundCall(CALLER, NUMBER).await();
    call.awaitEvent("conference-waiting", WITHIN).await();
    String account = "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID;
    String recordingSid = call.events().stream().filter(e -> e.type().equals("recorded")).findFirst().orElseThrow()
        .get("recordingSid");
    String conferenceSid = call.events().stream().filter(e -> e.type().equals("conference-joined")).findFirst()
        .orElseThrow().get("sid");
    OpenApiSchemas schemas = OpenApiSchemas.load();
    schemas.check("api.v2010.account.call", fetch(account + "/Calls/" + call.sid() + ".json"));
    schemas.check("api.v2010.account.conference", fetch(account + "/Conferences/" + conferenceSid + ".json"));
    schemas.check("api.v2010.account.conference.participant",
        fetch(account + "/Conferences/" + conferenceSid + "/Participants/" + call.sid() + ".json"));
    schemas.check("api.v2010.account.recording", fetch(account + "/Recordings/" + recordingSid + ".json"));
    call.hangUp().await();
    schemas.check("api.v2010.account.call", fetch(account + "/Calls/" + call.sid() + ".json"));
  }

  @Test
  void theSdkPagesThroughRecordingsNewestFirstAndFiltersThemByCreationTime() throws Exception {
    app.twiml("/voice", response("<Record action=\"/vm\" timeout=\"1\"/>"));
    app.twiml("/vm", response("<Hangup/>"));
    ZonedDateTime before = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(2);
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SimCall call = sim.inboundCall(CALLER, NUMBER).await();
      made.add(call.awaitEvent("recorded", WITHIN).await().get("recordingSid"));
    }
    var firstPage = Recording.reader().setDateCreatedAfter(before).setPageSize(2L)
        .firstPage(sdk());
    assertEquals(2, firstPage.getRecords().size());
    assertTrue(firstPage.hasNextPage());
    var secondPage = Recording.reader().nextPage(firstPage, sdk());
    assertEquals(1, secondPage.getRecords().size());
    assertTrue(!secondPage.hasNextPage());
    List<String> listed = Stream.concat(firstPage.getRecords().stream(), secondPage.getRecords().stream())
        .map(Recording::getSid).toList();
    assertEquals(List.of(made.get(2), made.get(1), made.get(0)), listed, "newest first, each once");
    var later = Recording.reader()
        .setDateCreatedAfter(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(1)).read(sdk());
    assertTrue(!later.iterator().hasNext(), "none created after a time to come");
    assertEquals(400, get("/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + "/Recordings.json?PageSize=0",
        TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN).statusCode());
  }

  private JsonObject fetch(String path) {
    try {
      HttpResponse<String> response = get(path, TestConfigs.ACCOUNT_SID, TestConfigs.AUTH_TOKEN);
      assertEquals(200, response.statusCode(), path + ": " + response.body());
      return new JsonObject(response.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
