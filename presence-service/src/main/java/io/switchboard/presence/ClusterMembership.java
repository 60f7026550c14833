package io.switchboard.presence;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.switchboard.common.cluster.ClusterSupport;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Which cluster nodes are alive, and a callback when one leaves. Vert.x's own
 * {@code ClusterManager.nodeListener} holds a single listener that Vert.x itself (its HA manager)
 * already uses, so setting it would silently replace Vert.x's; instead this listens to Hazelcast's
 * membership directly and reads the Vert.x node id that vertx-hazelcast stores on every member.
 * Without a cluster the only live node is this process.
 */
final class ClusterMembership {
  /** The member attribute under which vertx-hazelcast publishes a member's Vert.x node id. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final Vertx vertx;
  private UUID registration;

  ClusterMembership(Vertx vertx) {
    this.vertx = vertx;
  }

  String self() {
    return ClusterSupport.nodeId(vertx);
  }

  /** The live node ids, or empty when this node cannot tell (it is itself leaving the cluster). */
  Optional<Set<String>> members() {
    if (!vertx.isClustered()) {
      return Optional.of(Set.of(self()));
    }
    try {
      var manager = ClusterSupport.hazelcast(vertx).orElseThrow();
      if (!manager.isActive()) {
        return Optional.empty();
      }
      Set<String> nodes = new HashSet<>(manager.getNodes());
      return nodes.contains(self()) ? Optional.of(nodes) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Calls {@code listener} (on a Hazelcast thread) with the node id of every member that leaves. */
  void onNodeLeft(Consumer<String> listener) {
    var manager = ClusterSupport.hazelcast(vertx);
    if (manager.isEmpty()) {
      return;
    }
    registration = manager.get().getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // a new node reports its own connections; nothing to do
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (nodeId != null) {
          listener.accept(nodeId);
        }
      }
    });
  }

  void close() {
    if (registration == null) {
      return;
    }
    try {
      ClusterSupport.hazelcast(vertx).orElseThrow().getHazelcastInstance().getCluster().removeMembershipListener(registration);
    } catch (RuntimeException ignored) {
      // Hazelcast already shut down: the listener went with it
    }
    registration = null;
  }
}
