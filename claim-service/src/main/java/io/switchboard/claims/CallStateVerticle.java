package io.switchboard.claims;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.HistoryQuery;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.QuietCallsRequest;
import io.switchboard.common.contract.TransitionRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every call request except claims: create, transition, offer, get, decline, the quiet calls
 * to reconcile with Twilio and the calls part of the board snapshot. Stateless (PostgreSQL guards every change), so any number may run.
 */
public final class CallStateVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CallStateVerticle.class);

  private final CallTransitions transitions;
  private final Duration staleRingingAfter;
  private final Duration sweepEvery;

  /**
   * {@code staleRingingAfter}: a call still ringing this long after it started rings nowhere and is
   * ended, checked every {@code sweepEvery}.
   */
  public CallStateVerticle(CallTransitions transitions, Duration staleRingingAfter, Duration sweepEvery) {
    this.transitions = transitions;
    this.staleRingingAfter = staleRingingAfter;
    this.sweepEvery = sweepEvery;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(sweepEvery.toMillis(), id -> transitions.endStaleRinging(staleRingingAfter)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.warn("ended {} call(s) still ringing {} s after they started (a lost webhook or an early hang-up)",
                n, staleRingingAfter.toSeconds());
          }
        })
        .onFailure(t -> LOG.warn("stale ringing sweep failed, will retry: {}", t.toString())));
    return Future.all(List.of(
        Bus.serve(vertx, Addresses.CALLS_CREATE,
            json -> transitions.create(CreateCall.fromJson(json)).map(CallView::toJson)).completion(),
        Bus.serve(vertx, Addresses.CALLS_TRANSITION,
            json -> transitions.transition(TransitionRequest.fromJson(json)).map(CallView::toJson)).completion(),
        Bus.serve(vertx, Addresses.CALLS_OFFER,
            json -> transitions.offer(OfferCall.fromJson(json)).map(CallView::toJson)).completion(),
        Bus.serve(vertx, Addresses.CALLS_GET,
            json -> transitions.get(CallLookup.fromJson(json)).map(CallView::toJson)).completion(),
        Bus.serve(vertx, Addresses.CLAIMS_DECLINE,
            json -> transitions.decline(DeclineRequest.fromJson(json)).map(CallView::toJson)).completion(),
        Bus.serve(vertx, Addresses.CALLS_QUIET,
            json -> transitions.takeQuiet(QuietCallsRequest.fromJson(json))).completion(),
        Bus.serve(vertx, Addresses.CALLS_HISTORY,
            json -> transitions.history(HistoryQuery.fromJson(json))).completion(),
        Bus.serve(vertx, Addresses.CALLS_TIMELINE,
            json -> transitions.timeline(CallLookup.fromJson(json))).completion(),
        Bus.serve(vertx, Addresses.BOARD_SNAPSHOT_CALLS,
            json -> transitions.snapshot(BoardQuery.fromJson(json))).completion()));
  }
}
