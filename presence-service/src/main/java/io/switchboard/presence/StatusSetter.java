package io.switchboard.presence;

import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.SetStatusRequest;
import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code presence.set-status}: an agent sets itself available or away; an admin (or Switchboard
 * itself) any agent of its own org. Busy, wrap-up and offline follow calls and connections and
 * cannot be chosen. An agent presence has never seen is accepted when it is the actor itself, or,
 * for an admin, when the directory knows it in the admin's org.
 */
final class StatusSetter {
  private final PresenceStore store;
  private final Peers peers;

  StatusSetter(PresenceStore store, Peers peers) {
    this.store = store;
    this.peers = peers;
  }

  Future<JsonObject> handle(JsonObject json) {
    SetStatusRequest request = SetStatusRequest.fromJson(json);
    AgentStatus status = request.status();
    if (status != AgentStatus.AVAILABLE && status != AgentStatus.AWAY) {
      throw Failures.badRequest("'status' may only be set to available or away; busy, wrap-up and offline "
          + "follow calls and connections");
    }
    Actor actor = request.actor();
    boolean self = actor.id().equals(request.agentId());
    if (!self && !actor.isPrivileged()) {
      throw Failures.forbidden("an agent may only set its own status");
    }
    String agentId = request.agentId();
    return store.find(agentId)
        .compose(found -> found.isPresent() || self
            ? Future.succeededFuture()
            : requireDirectoryUser(actor.orgId(), agentId))
        .compose(v -> store.change(agentId, actor.orgId(), PresenceStore.ConnectionEdit.NONE, (row, now) -> {
          // Checked under the row lock: the agent's org is the one stored with it.
          actor.requireOrg(row.orgId());
          AgentPresence chosen = row.withChosen(status);
          // The agent's own request proves it is at its dashboard right now.
          return self ? chosen.touched() : chosen;
        }))
        .map(changed -> changed.orElseThrow(() -> Failures.notFound("unknown agent")).view().toJson());
  }

  private Future<Void> requireDirectoryUser(String orgId, String agentId) {
    return peers.users(orgId).compose(users -> users.has(agentId) ? Future.succeededFuture() : Failures.fail(
        FailureCode.NOT_FOUND, "unknown agent '" + agentId + "'"));
  }
}
