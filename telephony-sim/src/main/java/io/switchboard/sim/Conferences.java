package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conferences, following Twilio's Conference and Participants docs: rooms are named per account
 * and joined by {@code <Dial><Conference>} or through the Participants API; a conference starts
 * once at least two participants are in it and one of them has {@code startConferenceOnEnter="true"}
 * (the default); until then each participant hears its {@code waitUrl} TwiML (only Say, Play, Pause,
 * Redirect; Twilio error 13238 otherwise), repeated until the conference starts ({@code waitUrl=""}
 * is silence, no waitUrl is Twilio's default hold music). A participant with
 * {@code endConferenceOnExit} who leaves ends it for everyone, and the last one out ends it too; the
 * others' calls continue after their {@code <Dial>} (a participant added through the API has no
 * TwiML of its own: its call is hung up). Participants can be held (they hear their HoldUrl's TwiML,
 * or an MP3/WAV, and nobody hears them), muted, made to coach another participant, announced to,
 * and removed. Conference status callbacks ({@code statusCallbackEvent}: start end join leave mute
 * hold modify announcement; default start end) come from the first participant that asks for them.
 */
final class Conferences {
  private static final Logger LOG = LoggerFactory.getLogger(Conferences.class);
  static final String DEFAULT_HOLD_MUSIC = "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3";
  /** Twilio: a conference holds at most 250 participants. */
  static final int MAX_PARTICIPANTS = 250;

  private final Exchange ex;
  private final Map<String, ConferenceRoom> bySid = new ConcurrentHashMap<>();
  private final Map<String, ConferenceRoom> liveByName = new ConcurrentHashMap<>();

  Conferences(Exchange ex) {
    this.ex = ex;
  }

  List<ConferenceRoom> all() {
    return bySid.values().stream().sorted(Comparator.comparingLong(r -> r.sequence)).toList();
  }

  Optional<ConferenceRoom> bySid(String sid) {
    return Optional.ofNullable(bySid.get(sid));
  }

  Optional<ConferenceRoom> live(String friendlyName) {
    return Optional.ofNullable(liveByName.get(friendlyName));
  }

  private void discard(ConferenceRoom room) {
    liveByName.remove(room.friendlyName, room);
    bySid.remove(room.sid, room);
  }

  /** The live room named {@code name}, created (status init) if there is none. */
  ConferenceRoom room(String name) {
    return liveByName.computeIfAbsent(name, n -> {
      ConferenceRoom created = new ConferenceRoom(n);
      bySid.put(created.sid, created);
      return created;
    });
  }

  /**
   * {@code <Dial><Conference>}: puts the call in the named room; completes when it leaves: true when
   * the conference ended, the call hung up or it was removed (the Dial's action follows), false when
   * a REST update moved it away.
   */
  Future<Boolean> join(SimCall call, TwimlNode noun, URI docUrl, Interrupt it) {
    String name = noun.text();
    if (name.isBlank()) {
      throw new TwimlException(12200, "<Conference> has no name");
    }
    ConferenceRoom room = room(name);
    configureCallbacks(room, noun.attr("statusCallback", null), noun.attr("statusCallbackMethod", "POST"),
        noun.attr("statusCallbackEvent", "start end"), docUrl);
    ConferenceRoom.Participant p = new ConferenceRoom.Participant(call, true, null,
        noun.boolAttr("startConferenceOnEnter", true), noun.boolAttr("endConferenceOnExit", false),
        noun.boolAttr("muted", false));
    p.beep = noun.attr("beep", "true");
    String coach = noun.attr("coach", null);
    if (coach != null) {
      p.coaching = true;
      p.callSidToCoach = coach;
    }
    String waitUrl = noun.rawAttr("waitUrl");
    p.waitSilent = waitUrl != null && waitUrl.isBlank();
    p.waitUrl = waitUrl == null || waitUrl.isBlank() ? null : TwimlRunner.resolve(docUrl, waitUrl);
    p.waitMethod = noun.attr("waitMethod", "POST").toUpperCase();
    it.onCancel(() -> leave(room, p, it.reason() != Interrupt.Reason.REDIRECT));
    enter(room, p);
    return p.left.future();
  }

  /** A participant's call is up: it enters the room, hears the wait music or the conference. */
  void enter(ConferenceRoom room, ConferenceRoom.Participant p) {
    SimCall call = p.call;
    room.dialing.remove(call.sid());
    room.participants.put(call.sid(), p);
    call.record("conference-joined", new JsonObject().put("name", room.friendlyName).put("sid", room.sid));
    if ("true".equalsIgnoreCase(p.beep) || "onEnter".equalsIgnoreCase(p.beep)) {
      call.record("beep", new JsonObject());
      for (ConferenceRoom.Participant other : room.participantList()) {
        if (other != p) {
          other.call.record("conference-beep", new JsonObject().put("joined", call.sid()));
        }
      }
    }
    callback(room, "participant-join", "join", call);
    boolean started = startIfReady(room);
    if (p.hold) {
      startHold(room, p);
    } else if (!started) {
      waitMusic(room, p);
    }
  }

  void configureCallbacks(ConferenceRoom room, String url, String method, String events, URI docUrl) {
    if (url == null || room.statusCallback != null) {
      return;
    }
    room.statusCallback = TwimlRunner.resolve(docUrl, url);
    room.statusCallbackMethod = method.toUpperCase();
    room.statusCallbackEvents = Set.of(events.trim().split("[\\s,]+"));
  }

  private boolean startIfReady(ConferenceRoom room) {
    if (!"init".equals(room.status)) {
      return "in-progress".equals(room.status);
    }
    boolean ready = room.participants.size() >= 2
        && room.participants.values().stream().anyMatch(p -> p.startConferenceOnEnter);
    if (!ready) {
      return false;
    }
    room.status("in-progress");
    for (ConferenceRoom.Participant p : room.participantList()) {
      p.holdMusic.cancel(Interrupt.Reason.REDIRECT);
      p.call.record("conference-started", new JsonObject().put("sid", room.sid));
    }
    callback(room, "conference-start", "start", null);
    return true;
  }

  /** The waitUrl, again and again, until the conference starts or the participant leaves (or is held). */
  private void waitMusic(ConferenceRoom room, ConferenceRoom.Participant p) {
    p.call.record("conference-waiting", new JsonObject().put("sid", room.sid));
    p.holdMusic = new Interrupt();
    if (p.hold || p.waitSilent) {
      return;
    }
    if (p.waitUrl == null) {
      playLoop(p.call, DEFAULT_HOLD_MUSIC, p.holdMusic);
    } else {
      loopUrl(room, p.call, "wait", p.waitUrl, p.waitMethod, p.holdMusic);
    }
  }

  private void playLoop(SimCall call, String url, Interrupt music) {
    if (music.cancelled() || !call.isLive()) {
      return;
    }
    call.record("play", new JsonObject().put("url", url));
    ex.clock().sleep(TwimlRunner.PLAY_LENGTH, music).onSuccess(v -> playLoop(call, url, music));
  }

  /** A URL whose answer is music: an MP3 or WAV file is played as is, anything else is TwiML. */
  private static boolean isAudio(URI url) {
    String path = url.getPath() == null ? "" : url.getPath().toLowerCase();
    return path.endsWith(".mp3") || path.endsWith(".wav");
  }

  /** Requests {@code url} and runs its TwiML (hold verbs only), again and again, until {@code music} stops. */
  private void loopUrl(ConferenceRoom room, SimCall call, String kind, URI url, String method, Interrupt music) {
    if (music.cancelled() || !call.isLive()) {
      return;
    }
    if (isAudio(url)) {
      playLoop(call, url.toString(), music);
      return;
    }
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("ConferenceSid", room.sid);
    extra.put("FriendlyName", room.friendlyName);
    Instant started = Instant.now();
    ex.runner.fetchDocument(call, kind, url, method, extra)
        .compose(doc -> runHold(call, doc.verbs(), 0, url, music))
        .onSuccess(next -> {
          URI following = next.isFetch() ? next.url() : url;
          String followingMethod = next.isFetch() ? next.method() : method;
          // A document with nothing that takes time must not spin: wait a little before repeating.
          boolean instant = Duration.between(started, Instant.now()).toMillis() < ex.clock().realMillis(Duration.ofSeconds(1));
          if (instant) {
            ex.clock().sleep(Duration.ofSeconds(5), music)
                .onSuccess(v -> loopUrl(room, call, kind, following, followingMethod, music));
          } else {
            loopUrl(room, call, kind, following, followingMethod, music);
          }
        })
        .onFailure(error -> {
          // Twilio keeps the participant in the conference; it just hears nothing.
          LOG.warn("call {}: conference {} {} {} failed: {}", call.sid(), room.friendlyName, kind, url, error.getMessage());
          call.record("application-error", new JsonObject().put("code", TwimlRunner.code(error))
              .put("message", error.getMessage()));
        });
  }

  private Future<Step> runHold(SimCall call, List<TwimlNode> verbs, int index, URI docUrl, Interrupt music) {
    if (music.cancelled() || index >= verbs.size()) {
      return Future.succeededFuture(Step.CONTINUE);
    }
    TwimlNode verb = verbs.get(index);
    if (!TwimlRunner.HOLD_VERBS.contains(verb.name())) {
      return Future.failedFuture(new TwimlException(13238, "<" + verb.name() + "> is not allowed at a waitUrl"));
    }
    return ex.runner.media(call, verb, docUrl, music)
        .compose(step -> step.isFetch() ? Future.succeededFuture(step) : runHold(call, verbs, index + 1, docUrl, music));
  }

  // ---- the Participants API ---------------------------------------------------------------

  /**
   * Participants create: dials {@code p}'s call (already created, queued); when it answers it enters
   * the room; unanswered, it is dropped from the room's list. Its call ends when it leaves the room.
   */
  void dial(ConferenceRoom room, ConferenceRoom.Participant p, int timeoutSeconds) {
    room.dialing.put(p.call.sid(), p);
    p.left.future().onSuccess(continues -> {
      if (continues && p.call.isLive()) {
        ex.end(p.call, "completed");
      }
    });
    LegOwner owner = new LegOwner() {
      private long timer = -1;

      {
        timer = ex.clock().after(Duration.ofSeconds(timeoutSeconds), () -> {
          if ("ringing".equals(p.call.status()) || "queued".equals(p.call.status())) {
            ex.end(p.call, "no-answer");
          }
        });
      }

      @Override
      public boolean answered(SimCall leg) {
        ex.clock().cancel(timer);
        leg.owner = null;
        ex.answer(leg);
        if (!room.live()) {
          // The conference ended while this participant was being dialed.
          room.dialing.remove(leg.sid());
          ex.end(leg, "completed");
          return true;
        }
        Interrupt it = leg.interrupt;
        it.onCancel(() -> leave(room, p, it.reason() != Interrupt.Reason.REDIRECT));
        enter(room, p);
        return true;
      }

      @Override
      public void ended(SimCall leg) {
        ex.clock().cancel(timer);
        room.dialing.remove(leg.sid());
        p.left.tryComplete(true);
        if ("init".equals(room.status) && room.participants.isEmpty() && room.dialing.isEmpty()) {
          // Nobody ever joined: as on Twilio, there is no conference.
          discard(room);
        }
      }
    };
    ex.statusCallback(p.call, "initiated");
    ex.ring(p.call, owner, Map.of(), null);
  }

  /** Participants update: {@code Hold} (with HoldUrl/HoldMethod), {@code Muted}, coaching, EndConferenceOnExit. */
  void update(ConferenceRoom room, ConferenceRoom.Participant p, Boolean hold, URI holdUrl, String holdMethod,
      Boolean muted, Boolean coaching, String callSidToCoach, Boolean endConferenceOnExit, Boolean beepOnExit) {
    boolean connected = room.isConnected(p);
    if (endConferenceOnExit != null) {
      p.endConferenceOnExit = endConferenceOnExit;
    }
    if (beepOnExit != null) {
      p.beepOnExit = beepOnExit;
    }
    if (muted != null && muted != p.muted) {
      p.muted = muted;
      p.call.record(muted ? "muted" : "unmuted", new JsonObject().put("conferenceSid", room.sid));
      if (connected) {
        callback(room, muted ? "participant-mute" : "participant-unmute", "mute", p.call);
      }
    }
    if (coaching != null || callSidToCoach != null) {
      boolean was = p.coaching;
      String coached = p.callSidToCoach;
      p.coaching = coaching != null ? coaching : true;
      p.callSidToCoach = p.coaching ? (callSidToCoach != null ? callSidToCoach : p.callSidToCoach) : null;
      if (was != p.coaching || !Objects.equals(coached, p.callSidToCoach)) {
        p.call.record("coaching", new JsonObject().put("coaching", p.coaching).put("callSidToCoach", p.callSidToCoach));
        if (connected) {
          callback(room, "participant-modify", "modify", p.call);
        }
      }
    }
    if (holdUrl != null) {
      p.holdUrl = holdUrl;
    }
    if (holdMethod != null) {
      p.holdMethod = holdMethod.toUpperCase();
    }
    if (hold != null && hold != p.hold) {
      p.hold = hold;
      if (connected) {
        if (hold) {
          startHold(room, p);
        } else {
          endHold(room, p);
        }
      }
    }
    p.updatedAt = Instant.now();
  }

  private void startHold(ConferenceRoom room, ConferenceRoom.Participant p) {
    p.holdMusic.cancel(Interrupt.Reason.REDIRECT);
    p.heldMusic = new Interrupt();
    p.call.record("hold", new JsonObject().put("conferenceSid", room.sid)
        .put("holdUrl", p.holdUrl == null ? DEFAULT_HOLD_MUSIC : p.holdUrl.toString()));
    callback(room, "participant-hold", "hold", p.call);
    if (p.holdUrl == null) {
      playLoop(p.call, DEFAULT_HOLD_MUSIC, p.heldMusic);
    } else {
      loopUrl(room, p.call, "hold", p.holdUrl, p.holdMethod, p.heldMusic);
    }
  }

  private void endHold(ConferenceRoom room, ConferenceRoom.Participant p) {
    p.heldMusic.cancel(Interrupt.Reason.REDIRECT);
    p.call.record("unhold", new JsonObject().put("conferenceSid", room.sid));
    callback(room, "participant-unhold", "hold", p.call);
    if ("init".equals(room.status)) {
      waitMusic(room, p);
    }
  }

  /**
   * An announcement ({@code AnnounceUrl}: TwiML with Say, Play, Pause, Redirect, or an MP3/WAV) to
   * one participant, or to every participant when {@code only} is null; the conference's
   * {@code announcement} status callback follows.
   */
  void announce(ConferenceRoom room, ConferenceRoom.Participant only, URI url, String method) {
    List<ConferenceRoom.Participant> targets = only == null ? room.participantList() : List.of(only);
    Set<String> playing = only == null ? room.announcing : only.announcing;
    playing.add(url.toString());
    List<Future<Void>> done = new ArrayList<>();
    for (ConferenceRoom.Participant p : targets) {
      Interrupt it = new Interrupt();
      p.left.future().onComplete(v -> it.cancel(Interrupt.Reason.REDIRECT));
      p.call.record("announcement", new JsonObject().put("url", url.toString()));
      if (isAudio(url)) {
        p.call.record("play", new JsonObject().put("url", url.toString()));
        done.add(ex.clock().sleep(TwimlRunner.PLAY_LENGTH, it));
      } else {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("ConferenceSid", room.sid);
        extra.put("FriendlyName", room.friendlyName);
        done.add(ex.runner.fetchDocument(p.call, "announce", url, method, extra)
            .compose(doc -> runHold(p.call, doc.verbs(), 0, url, it))
            .<Void>mapEmpty()
            .otherwise(error -> {
              p.call.record("application-error", new JsonObject().put("code", TwimlRunner.code(error))
                  .put("message", error.getMessage()));
              return null;
            }));
      }
    }
    Future.join(done).onComplete(v -> {
      playing.remove(url.toString());
      if (room.live()) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("AnnounceUrl", url.toString());
        callback(room, "announcement-end", "announcement", only == null ? null : only.call, extra);
      }
    });
  }

  /** What {@code listener} hears in its live conference, or empty when it is in none. */
  Optional<Set<String>> heardIn(SimCall listener) {
    for (ConferenceRoom room : liveByName.values()) {
      if (room.participants.containsKey(listener.sid())) {
        return Optional.of(room.hears().get(listener.sid()));
      }
    }
    return Optional.empty();
  }

  /** The calls that hear {@code speaker} in its conference (none when it is in none). */
  List<SimCall> listeners(SimCall speaker) {
    for (ConferenceRoom room : liveByName.values()) {
      if (room.participants.containsKey(speaker.sid())) {
        return room.hears().entrySet().stream().filter(e -> e.getValue().contains(speaker.sid()))
            .map(e -> room.participants.get(e.getKey()).call).toList();
      }
    }
    return List.of();
  }

  /** Participants delete: the participant leaves the room (its call goes on after its {@code <Dial>}, or ends). */
  void remove(ConferenceRoom room, ConferenceRoom.Participant p) {
    if (room.isConnected(p)) {
      leave(room, p, true);
    } else if (p.call.isLive()) {
      room.dialing.remove(p.call.sid());
      ex.end(p.call, "canceled");
    }
  }

  /** Conference update {@code Status=completed}: every participant leaves, the conference ends. */
  void endByApi(ConferenceRoom room) {
    room.dialing.values().forEach(p -> ex.end(p.call, "canceled"));
    end(room, "conference-ended-via-api", null);
  }

  /** A participant leaves (hung up, removed, moved by REST, or the conference ended under it). */
  private void leave(ConferenceRoom room, ConferenceRoom.Participant p, boolean continueWithAction) {
    if (room.participants.remove(p.call.sid()) == null) {
      return;
    }
    p.holdMusic.cancel(Interrupt.Reason.REDIRECT);
    p.heldMusic.cancel(Interrupt.Reason.REDIRECT);
    p.call.record("conference-left", new JsonObject().put("sid", room.sid));
    if (p.beepOnExit && ("true".equalsIgnoreCase(p.beep) || "onExit".equalsIgnoreCase(p.beep))) {
      room.participantList().forEach(other -> other.call.record("conference-beep",
          new JsonObject().put("left", p.call.sid())));
    }
    callback(room, "participant-leave", "leave", p.call, Map.of(), p);
    if (p.endConferenceOnExit && room.live()) {
      end(room, "participant-with-end-conference-on-exit-left", p.call.sid());
    } else if (room.participants.isEmpty() && room.live()) {
      end(room, "last-participant-left", p.call.sid());
    }
    p.left.tryComplete(continueWithAction);
  }

  private void end(ConferenceRoom room, String reason, String callSid) {
    if (!room.live()) {
      return;
    }
    room.reasonEnded = reason;
    room.callSidEnding = callSid;
    room.status("completed");
    liveByName.remove(room.friendlyName, room);
    for (ConferenceRoom.Participant other : room.participantList()) {
      leave(room, other, true);
    }
    callback(room, "conference-end", "end", null);
  }

  private void callback(ConferenceRoom room, String event, String shortName, SimCall call) {
    callback(room, event, shortName, call, Map.of());
  }

  private void callback(ConferenceRoom room, String event, String shortName, SimCall call, Map<String, String> extra) {
    ConferenceRoom.Participant p = call == null ? null : room.participants.get(call.sid());
    callback(room, event, shortName, call, extra, p);
  }

  private void callback(ConferenceRoom room, String event, String shortName, SimCall call, Map<String, String> extra,
      ConferenceRoom.Participant p) {
    if (room.statusCallback == null || !room.statusCallbackEvents.contains(shortName)) {
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", ex.accountSid());
    params.put("ConferenceSid", room.sid);
    params.put("FriendlyName", room.friendlyName);
    params.put("StatusCallbackEvent", event);
    params.put("SequenceNumber", Integer.toString(room.sequenceNumber++));
    params.put("Timestamp", Rfc2822.format(Instant.now()));
    if (call != null) {
      params.put("CallSid", call.sid());
      params.put("Muted", Boolean.toString(p != null && p.muted));
      params.put("Hold", Boolean.toString(p != null && p.hold));
      params.put("Coaching", Boolean.toString(p != null && p.coaching));
      params.put("EndConferenceOnExit", Boolean.toString(p != null && p.endConferenceOnExit));
      params.put("StartConferenceOnEnter", Boolean.toString(p == null || p.startConferenceOnEnter));
      if (p != null && p.callSidToCoach != null) {
        params.put("CallSidToCoach", p.callSidToCoach);
      }
      if (p != null && p.label != null) {
        params.put("ParticipantLabel", p.label);
      }
    }
    if ("conference-end".equals(event)) {
      params.put("ReasonConferenceEnded", room.reasonEnded);
      if (room.callSidEnding != null) {
        params.put("CallSidEndingConference", room.callSidEnding);
      }
    }
    params.putAll(extra);
    URI url = room.statusCallback;
    String method = room.statusCallbackMethod;
    room.callbacks = room.callbacks.compose(v -> ex.webhooks().notify(call, "conference-status", url, method, params));
  }
}
