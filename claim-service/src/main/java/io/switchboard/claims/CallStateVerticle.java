package io.switchboard.claims;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.TransitionRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Serves every call request except claims: create, transition, offer, get, decline and the calls part of
 * the board snapshot. Stateless (PostgreSQL guards every change), so any number may run.
 */
public final class CallStateVerticle extends VerticleBase {
  private final CallTransitions transitions;

  public CallStateVerticle(CallTransitions transitions) {
    this.transitions = transitions;
  }

  @Override
  public Future<?> start() {
    return Future.all(
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
        Bus.serve(vertx, Addresses.BOARD_SNAPSHOT_CALLS,
            json -> transitions.snapshot(BoardQuery.fromJson(json))).completion());
  }
}
