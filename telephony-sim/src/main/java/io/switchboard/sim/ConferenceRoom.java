package io.switchboard.sim;

import io.vertx.core.Future;

import io.vertx.core.Promise;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One conference (Twilio's Conference resource) and its current participants. Event-loop state. */
final class ConferenceRoom {
  /** A call in the room (Twilio's Participant resource). */
  static final class Participant {
    final SimCall call;
    final boolean startConferenceOnEnter;
    final boolean endConferenceOnExit;
    final boolean muted;
    final Instant joinedAt = Instant.now();
    final Promise<Boolean> left = Promise.promise();
    Interrupt holdMusic = new Interrupt();
    volatile Instant updatedAt = joinedAt;

    Participant(SimCall call, boolean startConferenceOnEnter, boolean endConferenceOnExit, boolean muted) {
      this.call = call;
      this.startConferenceOnEnter = startConferenceOnEnter;
      this.endConferenceOnExit = endConferenceOnExit;
      this.muted = muted;
    }
  }

  final String sid = Sids.conference();
  final String friendlyName;
  final Instant createdAt = Instant.now();
  final Map<String, Participant> participants = new LinkedHashMap<>();
  volatile String status = "init";
  volatile Instant updatedAt = createdAt;
  volatile String reasonEnded;
  volatile String callSidEnding;
  URI statusCallback;
  String statusCallbackMethod = "POST";
  Set<String> statusCallbackEvents = Set.of();
  int sequence = 1;
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

  void status(String next) {
    status = next;
    updatedAt = Instant.now();
  }
}
