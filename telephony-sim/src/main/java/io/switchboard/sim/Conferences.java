package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <Dial><Conference>}, following Twilio's Conference docs: rooms are named per account; a
 * conference starts once at least two participants are in it and one of them has
 * {@code startConferenceOnEnter="true"} (the default); until then each participant hears its
 * {@code waitUrl} TwiML (only Say, Play, Pause, Redirect; Twilio error 13238 otherwise), repeated
 * until the conference starts ({@code waitUrl=""} is silence, no waitUrl is Twilio's default hold
 * music). A participant with {@code endConferenceOnExit} who leaves ends it for everyone, and the
 * last one out ends it too; the others' calls continue after their {@code <Dial>}. Conference status
 * callbacks ({@code statusCallbackEvent}: start end join leave; default start end) come from the
 * first participant that asks for them.
 */
final class Conferences {
  private static final Logger LOG = LoggerFactory.getLogger(Conferences.class);
  static final String DEFAULT_HOLD_MUSIC = "http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3";

  private final Exchange ex;
  private final Map<String, ConferenceRoom> bySid = new ConcurrentHashMap<>();
  private final Map<String, ConferenceRoom> liveByName = new ConcurrentHashMap<>();

  Conferences(Exchange ex) {
    this.ex = ex;
  }

  List<ConferenceRoom> all() {
    return bySid.values().stream().sorted(Comparator.comparing(r -> r.createdAt)).toList();
  }

  Optional<ConferenceRoom> bySid(String sid) {
    return Optional.ofNullable(bySid.get(sid));
  }

  Optional<ConferenceRoom> live(String friendlyName) {
    return Optional.ofNullable(liveByName.get(friendlyName));
  }

  /**
   * Puts the call in the named room; completes when it leaves: true when the conference ended or the
   * call hung up (the Dial's action follows), false when a REST update moved it away.
   */
  Future<Boolean> join(SimCall call, TwimlNode noun, URI docUrl, Interrupt it) {
    String name = noun.text();
    if (name.isBlank()) {
      throw new TwimlException(12200, "<Conference> has no name");
    }
    ConferenceRoom room = liveByName.computeIfAbsent(name, n -> {
      ConferenceRoom created = new ConferenceRoom(n);
      bySid.put(created.sid, created);
      return created;
    });
    configureCallbacks(room, noun, docUrl);
    ConferenceRoom.Participant p = new ConferenceRoom.Participant(call,
        noun.boolAttr("startConferenceOnEnter", true), noun.boolAttr("endConferenceOnExit", false),
        noun.boolAttr("muted", false));
    room.participants.put(call.sid(), p);
    call.record("conference-joined", new JsonObject().put("name", name).put("sid", room.sid));
    if (!"false".equalsIgnoreCase(noun.attr("beep", "true"))) {
      call.record("beep", new JsonObject());
    }
    callback(room, "participant-join", "join", call);
    it.onCancel(() -> leave(room, p, it.reason() != Interrupt.Reason.REDIRECT));
    if (!startIfReady(room)) {
      hold(room, p, noun, docUrl);
    }
    return p.left.future();
  }

  private void configureCallbacks(ConferenceRoom room, TwimlNode noun, URI docUrl) {
    String url = noun.attr("statusCallback", null);
    if (url == null || room.statusCallback != null) {
      return;
    }
    room.statusCallback = TwimlRunner.resolve(docUrl, url);
    room.statusCallbackMethod = noun.attr("statusCallbackMethod", "POST").toUpperCase();
    room.statusCallbackEvents = Set.of(noun.attr("statusCallbackEvent", "start end").trim().split("[\\s,]+"));
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

  /** The waitUrl, again and again, until the conference starts or the participant leaves. */
  private void hold(ConferenceRoom room, ConferenceRoom.Participant p, TwimlNode noun, URI docUrl) {
    p.call.record("conference-waiting", new JsonObject().put("sid", room.sid));
    String waitUrl = noun.rawAttr("waitUrl");
    Interrupt music = p.holdMusic;
    if (waitUrl == null) {
      playDefault(p.call, music);
    } else if (!waitUrl.isBlank()) {
      URI url = TwimlRunner.resolve(docUrl, waitUrl);
      loopWaitUrl(room, p.call, url, noun.attr("waitMethod", "POST").toUpperCase(), music);
    }
  }

  private void playDefault(SimCall call, Interrupt music) {
    if (music.cancelled()) {
      return;
    }
    call.record("play", new JsonObject().put("url", DEFAULT_HOLD_MUSIC));
    ex.clock().sleep(TwimlRunner.PLAY_LENGTH, music).onSuccess(v -> playDefault(call, music));
  }

  private void loopWaitUrl(ConferenceRoom room, SimCall call, URI url, String method, Interrupt music) {
    if (music.cancelled()) {
      return;
    }
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("ConferenceSid", room.sid);
    extra.put("FriendlyName", room.friendlyName);
    Instant started = Instant.now();
    ex.runner.fetchDocument(call, "wait", url, method, extra)
        .compose(doc -> runHold(call, doc.verbs(), 0, url, music))
        .onSuccess(next -> {
          URI following = next.isFetch() ? next.url() : url;
          String followingMethod = next.isFetch() ? next.method() : method;
          // A document with nothing that takes time must not spin: wait a little before repeating.
          boolean instant = Duration.between(started, Instant.now()).toMillis() < ex.clock().realMillis(Duration.ofSeconds(1));
          if (instant) {
            ex.clock().sleep(Duration.ofSeconds(5), music).onSuccess(v -> loopWaitUrl(room, call, following, followingMethod, music));
          } else {
            loopWaitUrl(room, call, following, followingMethod, music);
          }
        })
        .onFailure(error -> {
          // Twilio keeps the participant in the conference; it just hears nothing.
          LOG.warn("call {}: conference {} waitUrl {} failed: {}", call.sid(), room.friendlyName, url, error.getMessage());
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

  /** A participant leaves (hung up, moved by REST, or the conference ended under it). */
  private void leave(ConferenceRoom room, ConferenceRoom.Participant p, boolean continueWithAction) {
    if (room.participants.remove(p.call.sid()) == null) {
      return;
    }
    p.holdMusic.cancel(Interrupt.Reason.REDIRECT);
    p.call.record("conference-left", new JsonObject().put("sid", room.sid));
    callback(room, "participant-leave", "leave", p.call);
    if (p.endConferenceOnExit && room.live()) {
      end(room, "participant-with-end-conference-on-exit-left", p.call.sid());
    } else if (room.participants.isEmpty() && room.live()) {
      end(room, "last-participant-left", p.call.sid());
    }
    p.left.tryComplete(continueWithAction);
  }

  private void end(ConferenceRoom room, String reason, String callSid) {
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
    if (room.statusCallback == null || !room.statusCallbackEvents.contains(shortName)) {
      return;
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("AccountSid", ex.accountSid());
    params.put("ConferenceSid", room.sid);
    params.put("FriendlyName", room.friendlyName);
    params.put("StatusCallbackEvent", event);
    params.put("SequenceNumber", Integer.toString(room.sequence++));
    params.put("Timestamp", Rfc2822.format(Instant.now()));
    if (call != null) {
      params.put("CallSid", call.sid());
      ConferenceRoom.Participant p = room.participants.get(call.sid());
      params.put("Muted", Boolean.toString(p != null && p.muted));
      params.put("Hold", "false");
      params.put("Coaching", "false");
    }
    if ("conference-end".equals(event)) {
      params.put("ReasonConferenceEnded", room.reasonEnded);
      params.put("CallSidEndingConference", room.callSidEnding);
    }
    URI url = room.statusCallback;
    String method = room.statusCallbackMethod;
    room.callbacks = room.callbacks.compose(v -> ex.webhooks().notify(call, "conference-status", url, method, params));
  }
}
