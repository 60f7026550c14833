package io.switchboard.common.cluster;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/** Builds Vert.x instances: plain, or clustered over Hazelcast with {@code cluster.xml}. */
public final class ClusterSupport {
  /**
   * The cluster manager of each clustered instance this class built. Vert.x keeps its own reference
   * only behind internal API, so the one that made it remembers it; weak, so a closed instance goes.
   */
  private static final Map<Vertx, HazelcastClusterManager> MANAGERS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ClusterSupport() {}

  /** Loads {@code cluster.xml} (or the configured file) and applies the Kubernetes switch. */
  public static Config hazelcastConfig(SwitchboardConfig.Cluster cluster) {
    Config config = loadXml(cluster.configPath());
    if (cluster.kubernetes()) {
      JoinConfig join = config.getNetworkConfig().getJoin();
      join.getTcpIpConfig().setEnabled(false);
      join.getMulticastConfig().setEnabled(false);
      var kubernetes = join.getKubernetesConfig().setEnabled(true);
      if (cluster.serviceDns() != null) {
        kubernetes.setProperty("service-dns", cluster.serviceDns());
      }
      // Pods have their own address; the loopback interface restriction does not apply there.
      config.getNetworkConfig().getInterfaces().setEnabled(false);
    }
    return config;
  }

  private static Config loadXml(String path) {
    // Hazelcast logs while it reads its config, before the file's own logging setting applies.
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    try {
      return path == null ? new ClasspathXmlConfig("cluster.xml") : new FileSystemXmlConfig(path);
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Vert.x instance, clustered when the config says so; {@code metrics} may be null. */
  public static Future<Vertx> start(SwitchboardConfig config, VertxOptions options, VertxMetricsFactory metrics) {
    if (!config.cluster().enabled()) {
      return Future.succeededFuture(builder(options, metrics).build());
    }
    return startClustered(hazelcastConfig(config.cluster()), config.cluster().host(), options, metrics);
  }

  public static Future<Vertx> startClustered(Config hazelcast, String host, VertxOptions options) {
    return startClustered(hazelcast, host, options, null);
  }

  public static Future<Vertx> startClustered(Config hazelcast, String host, VertxOptions options,
      VertxMetricsFactory metrics) {
    options.getEventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    return builder(options, metrics)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> {
          MANAGERS.put(vertx, manager);
          return vertx;
        });
  }

  /** The Hazelcast cluster manager of {@code vertx}, if it is a clustered instance built here. */
  public static Optional<HazelcastClusterManager> hazelcast(Vertx vertx) {
    return vertx.isClustered() ? Optional.ofNullable(MANAGERS.get(vertx)) : Optional.empty();
  }

  private static VertxBuilder builder(VertxOptions options, VertxMetricsFactory metrics) {
    // epoll on Linux: fewer system calls and cheaper wake-ups between event loops than NIO's
    // selector; Vert.x falls back to NIO where the native library cannot load.
    options.setPreferNativeTransport(true);
    VertxBuilder builder = Vertx.builder().with(options);
    return metrics == null ? builder : builder.withMetrics(metrics);
  }

  /** True while this node is a running member of its cluster (always true when not clustered). */
  public static boolean isClusterHealthy(Vertx vertx) {
    if (!vertx.isClustered()) {
      return true;
    }
    return hazelcast(vertx).map(manager -> {
      var instance = manager.getHazelcastInstance();
      return instance != null && instance.getLifecycleService().isRunning() && manager.isActive();
    }).orElse(false);
  }

  /** This node's id in the cluster, or a stable local id when not clustered. */
  public static String nodeId(Vertx vertx) {
    if (vertx.isClustered()) {
      return hazelcast(vertx).orElseThrow(() -> new IllegalStateException(
          "a clustered Vert.x instance not built by ClusterSupport: its node id is unknown")).getNodeId();
    }
    return "local-" + Integer.toHexString(System.identityHashCode(vertx));
  }
}
