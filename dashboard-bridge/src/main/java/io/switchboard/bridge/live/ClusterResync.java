package io.switchboard.bridge.live;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.cluster.ClusterSupport;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node's boards to reload their snapshot when a cluster member leaves. A service commits
 * to PostgreSQL first and publishes the board delta after; a node that dies in between leaves every
 * board without that change until its next periodic reconcile (30 s). So when Hazelcast reports a
 * member gone, each bridge node publishes {@code {"type":"resync"}} on the {@code board.<org>}
 * address of every org, local-only (each node tells its own sockets; nothing crosses the cluster),
 * and the browser fetches a fresh snapshot from PostgreSQL at once. Hazelcast's membership is read
 * directly: Vert.x's own node listener has a single slot that Vert.x's HA manager already holds.
 */
public final class ClusterResync {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterResync.class);
  /** What a board receives: not a delta, a request to reload the snapshot. */
  static final JsonObject RESYNC = new JsonObject().put("type", "resync");
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final Directory directory;

  public ClusterResync(Vertx vertx, Directory directory) {
    this.vertx = vertx;
    this.directory = directory;
  }

  /** Listens to the cluster's membership (nothing to do without a cluster). */
  public void start() {
    var manager = ClusterSupport.hazelcast(vertx);
    if (manager.isEmpty()) {
      return;
    }
    Context context = vertx.getOrCreateContext();
    manager.get().getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // a new node has published nothing yet that a board could have missed
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        context.runOnContext(v -> resync(event.getMember().getUuid().toString()));
      }
    });
  }

  private void resync(String member) {
    directory.orgs().onSuccess(orgs -> {
      orgs.forEach(org -> vertx.eventBus().publish(Addresses.board(org.id()), RESYNC.copy(), LOCAL));
      LOG.info("cluster member {} left: {} boards told to reload", member, orgs.size());
    }).onFailure(t -> LOG.warn("cluster member {} left, but the orgs could not be read to resync boards: {}",
        member, t.toString()));
  }
}
