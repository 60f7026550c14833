package io.switchboard.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One conference (Twilio's Conference resource), its participants, and who hears whom in it.
 * Event-loop state.
 */
final class ConferenceRoom {
  private static final AtomicLong SEQUENCE = new AtomicLong();

  /**
   * A call in the room (Twilio's Participant resource): joined by {@code <Dial><Conference>}
   * ({@code viaTwiml}) or added through the Participants API (then still dialing until it answers).
   */
  static final class Participant {
    final SimCall call;
    final boolean viaTwiml;
    final String label;
    final boolean startConferenceOnEnter;
    final Instant joinedAt = Instant.now();
    final Promise<Boolean> left = Promise.promise();
    boolean endConferenceOnExit;
    boolean muted;
    boolean hold;
    boolean coaching;
    String callSidToCoach;
    /** {@code true}, {@code false}, {@code onEnter} or {@code onExit}. */
    String beep = "true";
    boolean beepOnExit = true;
    /** null: Twilio's default hold music; see {@link #waitSilent}. */
    URI waitUrl;
    String waitMethod = "POST";
    boolean waitSilent;
    URI holdUrl;
    String holdMethod = "GET";
    /** The wait music before the conference starts. */
    Interrupt holdMusic = new Interrupt();
    /** The hold music while {@link #hold} (Participants API). */
    Interrupt heldMusic = new Interrupt();
    /** Announcements playing to this participant now (their URLs). */
    final Set<String> announcing = new LinkedHashSet<>();
    volatile Instant updatedAt = joinedAt;

    Participant(SimCall call, boolean viaTwiml, String label, boolean startConferenceOnEnter,
        boolean endConferenceOnExit, boolean muted) {
      this.call = call;
      this.viaTwiml = viaTwiml;
      this.label = label;
      this.startConferenceOnEnter = startConferenceOnEnter;
      this.endConferenceOnExit = endConferenceOnExit;
      this.muted = muted;
    }

    /** Twilio's participant status, from its call: queued, ringing, connected, complete or failed. */
    String status(boolean connected) {
      String callStatus = call.status();
      if (connected && call.isLive()) {
        return "connected";
      }
      return switch (callStatus) {
        case "queued" -> "queued";
        case "ringing" -> "ringing";
        case "in-progress" -> "connecting";
        case "completed" -> "complete";
        default -> "failed";
      };
    }

    /** What a held participant hears. */
    String holdSource() {
      return "hold:" + (holdUrl == null ? Conferences.DEFAULT_HOLD_MUSIC : holdUrl.toString());
    }

    /** What a participant waiting for the conference to start hears (null: silence). */
    String waitSource() {
      return waitSilent ? null : "wait:" + (waitUrl == null ? Conferences.DEFAULT_HOLD_MUSIC : waitUrl.toString());
    }
  }

  final String sid = Sids.conference();
  final long sequence = SEQUENCE.incrementAndGet();
  final String friendlyName;
  final Instant createdAt = Instant.now();
  /** Connected participants, in the order they joined. */
  final Map<String, Participant> participants = new LinkedHashMap<>();
  /** Participants added through the REST API whose calls have not answered yet. */
  final Map<String, Participant> dialing = new LinkedHashMap<>();
  /** Announcements to the whole conference playing now. */
  final Set<String> announcing = new LinkedHashSet<>();
  volatile String status = "init";
  volatile Instant updatedAt = createdAt;
  volatile String reasonEnded;
  volatile String callSidEnding;
  URI statusCallback;
  String statusCallbackMethod = "POST";
  Set<String> statusCallbackEvents = Set.of();
  int sequenceNumber = 1;
  /** Status callbacks of one conference go out one after another, in order. */
  Future<Void> callbacks = Future.succeededFuture();

  ConferenceRoom(String friendlyName) {
    this.friendlyName = friendlyName;
  }

  boolean live() {
    return !"completed".equals(status);
  }

  List<Participant> participantList() {
    return List.copyOf(participants.values());
  }

  /** Connected participants, then those still being dialed: what the Participants list shows. */
  List<Participant> allParticipants() {
    List<Participant> all = new ArrayList<>(participants.values());
    all.addAll(dialing.values());
    return all;
  }

  /** A participant by its CallSid or its label, connected or still being dialed. */
  Optional<Participant> find(String callSidOrLabel) {
    for (Participant p : allParticipants()) {
      if (p.call.sid().equals(callSidOrLabel) || callSidOrLabel.equals(p.label)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  boolean isConnected(Participant p) {
    return participants.get(p.call.sid()) == p;
  }

  void status(String next) {
    status = next;
    updatedAt = Instant.now();
  }

  /**
   * Who hears whom now, as Twilio's Conference and Participants docs describe it: before the
   * conference starts each participant hears only its wait music; a held participant hears only its
   * hold music and nobody hears it; nobody hears a muted participant (it still hears the others); a
   * coaching participant hears everyone but only the participant it coaches hears it; everyone else
   * hears every other participant. Announcements add {@code announce:<url>}.
   */
  Map<String, Set<String>> hears() {
    Map<String, Set<String>> hears = new LinkedHashMap<>();
    boolean started = "in-progress".equals(status);
    for (Participant listener : participants.values()) {
      Set<String> sources = new LinkedHashSet<>();
      if (listener.hold) {
        sources.add(listener.holdSource());
      } else if (!started) {
        Optional.ofNullable(listener.waitSource()).ifPresent(sources::add);
      } else {
        for (Participant speaker : participants.values()) {
          if (speaker == listener || speaker.hold || speaker.muted) {
            continue;
          }
          if (speaker.coaching && !listener.call.sid().equals(speaker.callSidToCoach)) {
            continue;
          }
          sources.add(speaker.call.sid());
        }
      }
      announcing.forEach(url -> sources.add("announce:" + url));
      listener.announcing.forEach(url -> sources.add("announce:" + url));
      hears.put(listener.call.sid(), Set.copyOf(sources));
    }
    return hears;
  }

  ConferenceMedia media() {
    return new ConferenceMedia(sid, friendlyName, status, hears());
  }
}
