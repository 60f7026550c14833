package io.switchboard.parking;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.EndReasons;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.twilio.TwilioPaths;
import io.switchboard.common.twilio.WebhookUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings the parker back when a park times out. Due rows are taken by one guarded UPDATE, so with
 * several instances each timeout fires once; a timer set for the next due row (and a periodic sweep,
 * for rows parked elsewhere or before a restart) runs it on time. If the ring-back cannot start
 * (Twilio down, the call changed), the call goes back to the lot and is tried again later.
 */
final class ParkTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(ParkTimeouts.class);
  /** How long a failed ring-back waits before it is tried again. */
  static final Duration RETRY = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final ParkingSql sql;
  private final ParkingPeers calls;
  private final ParkingLot lot;
  private long timer = -1;
  private long periodic = -1;
  /** Set when the service stops: a sweep failing then (the pool closing under it) is not news. */
  private volatile boolean stopped;

  ParkTimeouts(Vertx vertx, SwitchboardConfig config, ParkingSql sql, ParkingPeers calls, ParkingLot lot) {
    this.vertx = vertx;
    this.config = config;
    this.sql = sql;
    this.calls = calls;
    this.lot = lot;
  }

  /** The sweep period: a tenth of the (scaled) default park timeout, between 20 ms and 1 s. */
  Duration period() {
    long tenth = lot.scaled(config.timing().parkTimeout()).toMillis() / 10;
    return Duration.ofMillis(Math.max(20, Math.min(1_000, tenth)));
  }

  void start() {
    periodic = vertx.setPeriodic(period().toMillis(), id -> sweep());
  }

  /** No sweep after this, and none in flight complains about the pool closing. */
  void stop() {
    stopped = true;
    vertx.cancelTimer(periodic);
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Schedules a sweep for when the next parked call is due (earlier than the periodic one). */
  void scheduleNext() {
    sql.nextDueMs().onSuccess(next -> next.filter(ms -> !stopped).ifPresent(ms -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      timer = vertx.setTimer(Math.max(1, ms), id -> {
        timer = -1;
        sweep();
      });
    }));
  }

  Future<Void> sweep() {
    if (stopped) {
      return Future.succeededFuture();
    }
    return sql.takeDue().map(due -> {
      due.forEach(this::ringBack);
      return (Void) null;
    }).onFailure(t -> {
      if (!stopped) {
        LOG.warn("park timeout sweep failed: {}", t.toString());
      }
    });
  }

  /**
   * Rings the parker back, if the caller is still there: a caller who hung up while the status
   * webhook was lost would otherwise meet Twilio's "not in progress" at every retry, for ever,
   * flipping the parker to busy each time. Such a call is ended and leaves the lot instead.
   */
  private void ringBack(ParkingSql.Parked parked) {
    String callSid = parked.view().callSid();
    String orgId = parked.view().orgId();
    String parker = parked.view().parkedBy();
    calls.publishRemoved(parked, parked.view().version());
    calls.isGone(callSid)
        .compose(gone -> {
          if (gone) {
            return endGone(parked);
          }
          // Only a parker presence would ring (signed in, online, not busy) is rung back; otherwise the
          // call goes straight to what an unanswered ring-back does, instead of ringing nobody for the
          // ring timeout.
          return calls.isAvailable(orgId, parker)
              .compose(ringable -> ringable ? ringParker(parked) : ringEveryone(parked))
              // Twilio's "not in progress": the caller may have left since the check.
              .recover(t -> calls.isGone(callSid).otherwise(false)
                  .compose(gone2 -> gone2 ? endGone(parked) : Future.<Void>failedFuture(t)));
        })
        .onFailure(t -> {
          LOG.warn("ring-back of {} failed ({}); back in the lot", callSid, t.toString());
          sql.returnToLot(parked.view().parkedId(), lot.scaled(RETRY))
              .onSuccess(row -> row.ifPresent(calls::publishParked));
        });
  }

  private Future<Void> ringParker(ParkingSql.Parked parked) {
    String callSid = parked.view().callSid();
    String orgId = parked.view().orgId();
    String parker = parked.view().parkedBy();
    LOG.info("{} parked too long: ringing {} back", callSid, parker);
    return calls.transition(orgId, callSid, Transition.UNPARK, parker, null)
        .compose(call -> calls.redirect(callSid, WebhookUrls.connect(config, orgId, callSid, parker, "ringback"))
            .recover(t -> calls.transition(orgId, callSid, Transition.PARK, null, null)
                .transform(ar -> Future.failedFuture(t))));
  }

  /**
   * The parker cannot be rung: as when a ring-back is not answered, the call leaves the lot and rings
   * every available agent (the inbound webhook dials whom the call now rings), or goes to voicemail.
   * The state machine has no parked-to-ringing step, so it is unparked to the parker and released.
   */
  private Future<Void> ringEveryone(ParkingSql.Parked parked) {
    String callSid = parked.view().callSid();
    String orgId = parked.view().orgId();
    String parker = parked.view().parkedBy();
    LOG.info("{} parked too long and {} cannot be rung: ringing every available agent", callSid, parker);
    return calls.availableAgents(orgId).compose(available -> calls.transition(orgId, callSid, Transition.UNPARK, parker, null)
        .compose(v -> calls.transition(orgId, callSid, Transition.RELEASE, parker, null))
        .compose(v -> sql.delete(parked.view().parkedId()))
        .compose(v -> available.isEmpty()
            ? calls.transition(orgId, callSid, Transition.VOICEMAIL, null, "no-answer")
                .compose(call -> calls.redirect(callSid, WebhookUrls.of(config, TwilioPaths.VOICEMAIL_PROMPT, "org", orgId)))
            : calls.offer(orgId, callSid, available.subList(0, Math.min(available.size(), RingMode.MAX_DIAL_AGENTS)))
                .compose(call -> calls.redirect(callSid, config.publicUrl(TwilioPaths.VOICE)))));
  }

  /** The caller is gone at Twilio: out of the lot and the call ended (a 409: it had ended already). */
  private Future<Void> endGone(ParkingSql.Parked parked) {
    LOG.warn("{} was parked but its caller is gone at Twilio (a lost status webhook): ending it",
        parked.view().callSid());
    return sql.delete(parked.view().parkedId())
        .onSuccess(deleted -> deleted.ifPresent(calls::publishDeleted))
        .compose(v -> calls.transition(parked.view().orgId(), parked.view().callSid(), Transition.END, null,
            EndReasons.CALLER_HUNG_UP).<Void>mapEmpty().otherwiseEmpty());
  }
}
