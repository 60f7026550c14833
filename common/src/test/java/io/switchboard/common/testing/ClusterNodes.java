package io.switchboard.common.testing;

import com.hazelcast.config.Config;
import io.switchboard.common.cluster.ClusterSupport;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Starts real clustered Vert.x nodes on loopback from the project's {@code cluster.xml}. Each
 * {@code ClusterNodes} gets its own cluster name, so concurrent test runs never join each other.
 */
public final class ClusterNodes implements AutoCloseable {
  private final String clusterName = "sbt-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Vertx> nodes = new ArrayList<>();

  public String clusterName() {
    return clusterName;
  }

  /** Starts one more node and waits until it has joined. */
  public Future<Vertx> startNode() {
    return ClusterSupport.startClustered(hazelcastConfig(), "127.0.0.1", new VertxOptions())
        .onSuccess(nodes::add);
  }

  /** Starts {@code count} nodes one after another (the first one forms the cluster). */
  public Future<List<Vertx>> start(int count) {
    Future<Vertx> chain = startNode();
    for (int i = 1; i < count; i++) {
      chain = chain.compose(v -> startNode());
    }
    return chain.map(v -> List.copyOf(nodes));
  }

  public Config hazelcastConfig() {
    Config config = ClusterSupport.hazelcastConfig(
        new SwitchboardConfig.Cluster(true, null, "127.0.0.1", false, null));
    config.setClusterName(clusterName);
    return config;
  }

  /** Stops a node the way a clean shutdown does: it leaves the cluster. */
  public Future<Void> stop(Vertx node) {
    nodes.remove(node);
    return node.close();
  }

  public List<Vertx> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public void close() {
    for (Vertx node : List.copyOf(nodes)) {
      try {
        node.close().await();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    nodes.clear();
  }
}
