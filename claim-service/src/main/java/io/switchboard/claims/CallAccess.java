package io.switchboard.claims;

import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;

/**
 * Who may answer (claim or decline) a call: someone of the call's org who was rung for it (dial
 * mode) or is available in the org right now (queue mode, asked of presence), whatever their role;
 * only Switchboard itself always may.
 */
public final class CallAccess {
  /** The claim-service asks presence only: whom it would ring now. */
  private final Peers peers;

  public CallAccess(Peers peers) {
    this.peers = peers;
  }

  /**
   * Fails unless the actor is in the call's org, with the same 404 an unknown CallSid gets: an
   * outsider cannot tell a call of another org from one that does not exist.
   */
  public static void requireOrg(Actor actor, CallView call) {
    if (!actor.orgId().equals(call.orgId())) {
      throw Failures.notFound("no such call");
    }
  }

  /**
   * The part of {@link #mayAnswer} that needs no other service: org, and in dial mode the ring
   * list. True if that settles it; false if presence must be asked (queue mode, plain agent).
   */
  public static boolean settledWithoutPresence(Actor actor, CallView call) {
    requireOrg(actor, call);
    // Only Switchboard itself answers a call nobody offered it; an admin must be rung (or available) like anyone.
    if (actor.isSystem()) {
      return true;
    }
    if (call.ringMode() == RingMode.DIAL) {
      if (!call.rungAgents().contains(actor.id())) {
        throw Failures.forbidden("this call was not offered to you");
      }
      return true;
    }
    return false;
  }

  /** Succeeds if the actor may claim or decline the call, else fails with 403 (503 if presence is down). */
  public Future<Void> mayAnswer(Actor actor, CallView call) {
    try {
      if (settledWithoutPresence(actor, call)) {
        return Future.succeededFuture();
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return peers.isAvailable(call.orgId(), actor.id())
        .compose(available -> available
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(Failures.forbidden("you are not available to answer calls")));
  }
}
