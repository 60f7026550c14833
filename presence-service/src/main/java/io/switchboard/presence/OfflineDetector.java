package io.switchboard.presence;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes agents offline when no dashboard of theirs is left anywhere for the grace period, and ends
 * wrap-up on time. Three paths feed it: a node leaving the cluster (its connections are dropped at
 * once, then the grace period runs), a frequent sweep of rows whose deadline has passed, and a
 * slower reconciliation that drops connections of nodes that are no longer members and catches
 * online agents left without any connection (after a restart or a missed event). Every path ends
 * in the store's locked re-settle, so several presence instances may run it at the same time.
 */
final class OfflineDetector {
  private static final Logger LOG = LoggerFactory.getLogger(OfflineDetector.class);
  static final long SWEEP_MS = 250;
  static final long RECONCILE_MS = 5_000;

  private final Vertx vertx;
  private final PresenceStore store;
  private final ClusterMembership membership;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final AtomicBoolean reconciling = new AtomicBoolean();
  private long sweepTimer = -1;
  private long reconcileTimer = -1;

  OfflineDetector(Vertx vertx, PresenceStore store, ClusterMembership membership) {
    this.vertx = vertx;
    this.store = store;
    this.membership = membership;
  }

  Future<Void> start() {
    Context context = vertx.getOrCreateContext();
    membership.onNodeLeft(nodeId -> context.runOnContext(v -> nodeLeft(nodeId)));
    sweepTimer = vertx.setPeriodic(SWEEP_MS, id -> sweep());
    reconcileTimer = vertx.setPeriodic(RECONCILE_MS, id -> reconcile());
    // A failed first reconciliation (database briefly away) is retried by the timer, not fatal.
    return reconcile().otherwiseEmpty();
  }

  void stop() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(reconcileTimer);
    membership.close();
  }

  /** A node left the cluster: its sockets are gone; each of its agents starts its grace period now. */
  Future<Void> nodeLeft(String nodeId) {
    LOG.info("cluster node {} left: dropping its dashboard connections", nodeId);
    return store.dropNode(nodeId).compose(this::resettleAll)
        .onFailure(t -> LOG.warn("could not drop the connections of node {}: {}", nodeId, t.toString()));
  }

  Future<Void> sweep() {
    if (!sweeping.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return store.dueAgents().compose(this::resettleAll)
        .onFailure(t -> LOG.debug("presence sweep failed: {}", t.toString()))
        .eventually(() -> {
          sweeping.set(false);
          return Future.succeededFuture();
        });
  }

  Future<Void> reconcile() {
    if (!reconciling.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return dropDeadNodes()
        .compose(v -> store.orphanedAgents())
        .compose(this::resettleAll)
        .onFailure(t -> LOG.warn("presence reconciliation failed: {}", t.toString()))
        .eventually(() -> {
          reconciling.set(false);
          return Future.succeededFuture();
        });
  }

  private Future<Void> dropDeadNodes() {
    var members = membership.members();
    if (members.isEmpty()) {
      // This node cannot see the cluster: it must not judge the others dead.
      return Future.succeededFuture();
    }
    Set<String> live = members.get();
    return store.connectionNodes().compose(nodes -> Future.all(nodes.stream()
        .filter(node -> !live.contains(node))
        .map(this::nodeLeft)
        .toList())).mapEmpty();
  }

  private Future<Void> resettleAll(List<String> agentIds) {
    return Future.all(agentIds.stream().map(store::resettle).toList()).mapEmpty();
  }
}
