package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Conference;
import com.twilio.rest.api.v2010.account.conference.Participant;
import com.twilio.rest.api.v2010.account.conference.ParticipantCreator;
import com.twilio.type.Client;
import com.twilio.type.PhoneNumber;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Twilio's Conference Participants API through the Twilio SDK, and what each change does to who
 * hears whom in the sim's media model: hold (the held leg hears the HoldUrl, nobody hears it), mute
 * (nobody hears the muted leg), coaching (only the coached agent hears the coach), removal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParticipantsTest extends SimTestBase {
  private static final String ROOM = "support-1";

  private SimCall caller;
  private String roomSid;

  /** A caller alone in conference {@link #ROOM} (joined by TwiML), waiting in silence. */
  private void callerInRoom() {
    app.twiml("/voice", response("<Say>Connecting you</Say><Dial action=\"/after-conference\">"
        + "<Conference waitUrl=\"\" statusCallback=\"/conference-status\""
        + " statusCallbackEvent=\"start end join leave mute hold modify announcement\">" + ROOM
        + "</Conference></Dial>"));
    app.twiml("/after-conference", response("<Say>Back from the conference</Say><Hangup/>"));
    caller = sim.inboundCall(CALLER, NUMBER).await();
    roomSid = caller.awaitEvent("conference-joined", WITHIN).await().get("sid");
  }

  /** Adds {@code identity}'s browser phone through the Participants API and answers it. */
  private SimCall addAgent(String identity, ParticipantSetup setup) {
    SimDevice device = sim.device(identity);
    Participant created = setup.apply(Participant.creator(roomSid, new PhoneNumber(NUMBER),
        new Client("client:" + identity))).create(sdk());
    device.nextIncoming(WITHIN).await().accept().await();
    SimCall leg = sim.call(created.getCallSid()).orElseThrow();
    leg.awaitEvent("conference-joined", WITHIN).await();
    return leg;
  }

  interface ParticipantSetup {
    ParticipantCreator apply(ParticipantCreator creator);
  }

  private ConferenceMedia media() {
    return sim.conferenceMedia(ROOM).await();
  }

  private static List<Participant> list(Iterable<Participant> participants) {
    return StreamSupport.stream(participants.spliterator(), false).toList();
  }

  @Test
  void participantsCreateDialsToAndPutsTheAnsweredCallInTheConference() {
    callerInRoom();
    SimDevice ann = sim.device("ann");
    Participant created = Participant.creator(roomSid, new PhoneNumber(NUMBER), new Client("client:ann"))
        .setLabel("agent").setEndConferenceOnExit(false).setBeep("false")
        .setStatusCallback(app.url("/agent-leg-status"))
        .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
        .create(sdk());
    assertEquals(Participant.Status.QUEUED, created.getStatus());
    assertEquals("agent", created.getLabel());
    assertEquals(roomSid, created.getConferenceSid());
    IncomingCall ring = ann.nextIncoming(WITHIN).await();
    assertEquals(created.getCallSid(), ring.callSid());
    assertEquals(Participant.Status.RINGING, Participant.fetcher(roomSid, created.getCallSid()).fetch(sdk()).getStatus());
    ring.accept().await();
    caller.awaitEvent("conference-started", WITHIN).await();

    Participant byLabel = Participant.fetcher(roomSid, "agent").fetch(sdk());
    assertEquals(created.getCallSid(), byLabel.getCallSid());
    assertEquals(Participant.Status.CONNECTED, byLabel.getStatus());
    assertEquals(List.of(caller.sid(), created.getCallSid()),
        list(Participant.reader(roomSid).read(sdk())).stream().map(Participant::getCallSid).toList());
    ConferenceMedia media = media();
    assertEquals("in-progress", media.status());
    assertTrue(media.hears(caller.sid(), created.getCallSid()));
    assertTrue(media.hears(created.getCallSid(), caller.sid()));
    assertEquals(List.of("participant-join", "participant-join", "conference-start"),
        app.hits("/conference-status").stream().map(h -> h.param("StatusCallbackEvent")).toList());
    assertEquals("agent", app.hits("/conference-status").get(1).param("ParticipantLabel"));
    JsonObject resource = restGet("/Conferences/" + roomSid + "/Participants/" + created.getCallSid() + ".json");
    resource.remove("_status");
    OpenApiSchemas.load().check("api.v2010.account.conference.participant", resource);
    app.await("/agent-leg-status", "CallStatus", "in-progress", WITHIN);
    assertTrue(caller.events().stream().noneMatch(e -> e.type().equals("conference-beep")), "Beep=false: no beep");
    assertAllSigned();
  }

  @Test
  void holdPlaysTheHoldUrlToTheHeldCallerOnlyAndNobodyHearsItUntilResumed() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    app.twiml("/hold-music", response("<Play>https://example.com/hold.mp3</Play>"));

    Participant held = Participant.updater(roomSid, caller.sid()).setHold(true)
        .setHoldUrl(app.url("/hold-music")).update(sdk());
    assertTrue(held.getHold());
    TestApp.Hit holdRequest = app.await("/hold-music", WITHIN);
    assertEquals("GET", holdRequest.method(), "Twilio's HoldMethod defaults to GET");
    assertEquals(roomSid, holdRequest.param("ConferenceSid"));
    assertEquals(caller.sid(), holdRequest.param("CallSid"));
    caller.awaitEvent(e -> e.type().equals("play") && "https://example.com/hold.mp3".equals(e.get("url")),
        "hold music on the caller", WITHIN).await();
    ConferenceMedia media = media();
    assertEquals(Set.of(ConferenceMedia.hold(app.url("/hold-music").toString())), media.sources(caller.sid()),
        "the held caller hears the hold music and nothing else");
    assertEquals(Set.of(), media.sources(agent.sid()), "the agent hears neither the caller nor the hold music");
    assertTrue(agent.events().stream().noneMatch(e -> e.type().equals("play")), "no hold music on the agent's leg");
    assertEquals(List.of(caller.sid()), list(Participant.reader(roomSid).setHold(true).read(sdk())).stream()
        .map(Participant::getCallSid).toList());
    TestApp.Hit holdCallback = app.await("/conference-status", "StatusCallbackEvent", "participant-hold", WITHIN);
    assertEquals("true", holdCallback.param("Hold"));
    assertEquals(caller.sid(), holdCallback.param("CallSid"));

    assertEquals(media.sources(caller.sid()), sim.hears(caller.sid()).await());
    Participant resumed = Participant.updater(roomSid, caller.sid()).setHold(false).update(sdk());
    assertFalse(resumed.getHold());
    caller.awaitEvent("unhold", WITHIN).await();
    ConferenceMedia after = media();
    assertEquals(Set.of(agent.sid()), after.sources(caller.sid()));
    assertEquals(Set.of(caller.sid()), after.sources(agent.sid()));
    int requests = app.hits("/hold-music").size();
    sleep(Duration.ofMillis(300)); // 30 simulated seconds: a hold loop still running would ask again
    assertEquals(requests, app.hits("/hold-music").size(), "the hold music stopped");
    app.await("/conference-status", "StatusCallbackEvent", "participant-unhold", WITHIN);
  }

  @Test
  void holdWithoutAHoldUrlPlaysTwiliosDefaultMusic() {
    callerInRoom();
    addAgent("ann", c -> c);
    Participant.updater(roomSid, caller.sid()).setHold(true).update(sdk());
    caller.awaitEvent(e -> e.type().equals("play") && Conferences.DEFAULT_HOLD_MUSIC.equals(e.get("url")),
        "default hold music", WITHIN).await();
    assertTrue(media().hears(caller.sid(), ConferenceMedia.defaultHoldMusic()));
  }

  @Test
  void aMutedParticipantIsHeardByNobodyButStillHearsTheOthers() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    assertTrue(caller.events().stream().anyMatch(e -> e.type().equals("conference-beep")
        && agent.sid().equals(e.get("joined"))), "Beep defaults to true: the caller heard the agent enter");
    Participant muted = Participant.updater(roomSid, agent.sid()).setMuted(true).update(sdk());
    assertTrue(muted.getMuted());
    ConferenceMedia media = media();
    assertFalse(media.hears(caller.sid(), agent.sid()), "the caller does not hear the muted agent");
    assertTrue(media.hears(agent.sid(), caller.sid()), "the muted agent still hears the caller");
    assertEquals("true", app.await("/conference-status", "StatusCallbackEvent", "participant-mute", WITHIN)
        .param("Muted"));
    assertEquals(List.of(agent.sid()), list(Participant.reader(roomSid).setMuted(true).read(sdk())).stream()
        .map(Participant::getCallSid).toList());
    Participant.updater(roomSid, agent.sid()).setMuted(false).update(sdk());
    assertTrue(media().hears(caller.sid(), agent.sid()));
    app.await("/conference-status", "StatusCallbackEvent", "participant-unmute", WITHIN);
  }

  @Test
  void aWhisperingSupervisorIsHeardOnlyByTheCoachedAgentThenBargesIn() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    SimCall supervisor = addAgent("sue", c -> c.setCoaching(true).setCallSidToCoach(agent.sid()).setBeep("false"));
    Participant coach = Participant.fetcher(roomSid, supervisor.sid()).fetch(sdk());
    assertTrue(coach.getCoaching());
    assertEquals(agent.sid(), coach.getCallSidToCoach());
    ConferenceMedia whisper = media();
    assertTrue(whisper.hears(agent.sid(), supervisor.sid()), "the coached agent hears the supervisor");
    assertFalse(whisper.hears(caller.sid(), supervisor.sid()), "the caller does not");
    assertEquals(Set.of(caller.sid(), agent.sid()), whisper.sources(supervisor.sid()), "the coach hears both");
    assertEquals(Set.of(agent.sid()), whisper.listenersOf(supervisor.sid()));
    assertTrue(whisper.hears(caller.sid(), agent.sid()));

    // Barge: coaching off, the supervisor is an ordinary participant everybody hears.
    Participant barged = Participant.updater(roomSid, supervisor.sid()).setCoaching(false).update(sdk());
    assertFalse(barged.getCoaching());
    assertNull(barged.getCallSidToCoach());
    assertEquals(Set.of(caller.sid(), agent.sid()), media().listenersOf(supervisor.sid()));
    app.await("/conference-status", "StatusCallbackEvent", "participant-modify", WITHIN);

    // Whisper again, by update.
    Participant.updater(roomSid, supervisor.sid()).setCoaching(true).setCallSidToCoach(agent.sid()).update(sdk());
    assertEquals(Set.of(agent.sid()), media().listenersOf(supervisor.sid()));
  }

  @Test
  void aMonitoringSupervisorJoinsMutedAndIsHeardByNobody() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    SimCall supervisor = addAgent("sue", c -> c.setMuted(true).setBeep("false"));
    ConferenceMedia media = media();
    assertEquals(Set.of(), media.listenersOf(supervisor.sid()));
    assertEquals(Set.of(caller.sid(), agent.sid()), media.sources(supervisor.sid()));
  }

  @Test
  void coachingNeedsACallSidToCoachOfTheSameConference() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    ApiException noTarget = assertThrows(ApiException.class,
        () -> Participant.updater(roomSid, agent.sid()).setCoaching(true).update(sdk()));
    assertEquals(400, noTarget.getStatusCode());
    ApiException stranger = assertThrows(ApiException.class, () -> Participant.creator(roomSid,
        new PhoneNumber(NUMBER), new Client("client:sue")).setCoaching(true).setCallSidToCoach("CA" + "1".repeat(32))
        .create(sdk()));
    assertEquals(400, stranger.getStatusCode());
    ApiException badTo = assertThrows(ApiException.class, () -> Participant.creator(roomSid,
        new PhoneNumber(NUMBER), new PhoneNumber("call me maybe")).create(sdk()));
    assertEquals(21211, badTo.getCode());
    ApiException missing = assertThrows(ApiException.class,
        () -> Participant.fetcher(roomSid, "CA" + "2".repeat(32)).fetch(sdk()));
    assertEquals(20404, missing.getCode());
  }

  @Test
  void removingAnApiParticipantHangsUpItsLegWhileATwimlParticipantGoesOnAfterItsDial() {
    callerInRoom();
    SimDevice ann = sim.device("ann");
    SimCall agent = addAgent("ann", c -> c);
    assertTrue(Participant.deleter(roomSid, agent.sid()).delete(sdk()));
    agent.awaitEnd(WITHIN).await();
    assertEquals("completed", agent.status());
    ann.awaitMessage("disconnected", agent.sid(), WITHIN).await();
    assertTrue(caller.isLive(), "the caller stays");
    assertEquals(List.of(caller.sid()), sim.conferenceParticipants(ROOM));

    SimCall second = addAgent("ben", c -> c);
    assertTrue(Participant.deleter(roomSid, caller.sid()).delete(sdk()));
    app.await("/after-conference", WITHIN);
    caller.awaitEnd(WITHIN).await();
    assertEquals(List.of("Connecting you", "Back from the conference"), caller.heard());
    assertTrue(second.isLive(), "the other participant stays in the conference");
    assertEquals(List.of(second.sid()), sim.conferenceParticipants(ROOM));
  }

  @Test
  void anUnansweredParticipantLeavesTheListAndItsCallEndsAsTwilioReportsIt() {
    callerInRoom();
    SimDevice ann = sim.device("ann");
    Participant created = Participant.creator(roomSid, new PhoneNumber(NUMBER), new Client("client:ann"))
        .create(sdk());
    ann.nextIncoming(WITHIN).await().reject().await();
    SimCall leg = sim.call(created.getCallSid()).orElseThrow();
    leg.awaitEnd(WITHIN).await();
    assertEquals("busy", leg.status());
    assertEquals(List.of(caller.sid()), list(Participant.reader(roomSid).read(sdk())).stream()
        .map(Participant::getCallSid).toList());
  }

  @Test
  void participantsCreateByFriendlyNameStartsANewConference() {
    SimDevice ann = sim.device("ann");
    SimDevice ben = sim.device("ben");
    Participant first = Participant.creator("made-by-rest", new PhoneNumber(NUMBER), new Client("client:ann"))
        .create(sdk());
    ann.nextIncoming(WITHIN).await().accept().await();
    Conference room = list2(Conference.reader().setFriendlyName("made-by-rest").read(sdk())).get(0);
    assertEquals(first.getConferenceSid(), room.getSid());
    Participant.creator(room.getSid(), new PhoneNumber(NUMBER), new Client("client:ben")).create(sdk());
    ben.nextIncoming(WITHIN).await().accept().await();
    sim.call(first.getCallSid()).orElseThrow().awaitEvent("conference-started", WITHIN).await();
    assertEquals(Conference.Status.IN_PROGRESS, Conference.fetcher(room.getSid()).fetch(sdk()).getStatus());
  }

  @Test
  void aConferenceNobodyJoinedDoesNotExist() {
    SimDevice ann = sim.device("ann");
    Participant created = Participant.creator("never-joined", new PhoneNumber(NUMBER), new Client("client:ann"))
        .create(sdk());
    ann.nextIncoming(WITHIN).await().reject().await();
    sim.call(created.getCallSid()).orElseThrow().awaitEnd(WITHIN).await();
    assertEquals(List.of(), list2(Conference.reader().setFriendlyName("never-joined").read(sdk())));
    ApiException gone = assertThrows(ApiException.class,
        () -> Conference.fetcher(created.getConferenceSid()).fetch(sdk()));
    assertEquals(20404, gone.getCode());
  }

  @Test
  void anAnnouncementToOneParticipantIsHeardByItAlone() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    app.twiml("/whisper", response("<Say>Caller is a premium customer</Say>"));
    Participant.updater(roomSid, agent.sid()).setAnnounceUrl(app.url("/whisper")).update(sdk());
    agent.awaitEvent(e -> e.type().equals("say") && e.get("text").equals("Caller is a premium customer"),
        "announcement", WITHIN).await();
    assertEquals("POST", app.await("/whisper", WITHIN).method());
    app.await("/conference-status", "StatusCallbackEvent", "announcement-end", WITHIN);
    assertEquals(List.of("Connecting you"), caller.heard(), "the caller heard no announcement");
  }

  @Test
  void conferenceUpdateAnnouncesToEveryoneThenCompletedEndsItForEveryParticipant() {
    callerInRoom();
    SimCall agent = addAgent("ann", c -> c);
    app.twiml("/announce", response("<Say>This call is recorded</Say>"));
    Conference.updater(roomSid).setAnnounceUrl(app.url("/announce")).update(sdk());
    for (SimCall leg : List.of(caller, agent)) {
      leg.awaitEvent(e -> e.type().equals("say") && e.get("text").equals("This call is recorded"), "announcement",
          WITHIN).await();
    }
    Conference ended = Conference.updater(roomSid).setStatus(Conference.UpdateStatus.COMPLETED).update(sdk());
    assertEquals(Conference.Status.COMPLETED, ended.getStatus());
    assertEquals("conference-ended-via-api", ended.getReasonConferenceEnded().toString());
    agent.awaitEnd(WITHIN).await();
    app.await("/after-conference", WITHIN);
    caller.awaitEnd(WITHIN).await();
    assertEquals(List.of("Connecting you", "This call is recorded", "Back from the conference"), caller.heard());
    assertEquals(List.of(), list(Participant.reader(roomSid).read(sdk())));
  }

  private static List<Conference> list2(Iterable<Conference> rooms) {
    return StreamSupport.stream(rooms.spliterator(), false).toList();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
