package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.BusDrain;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.switchboard.common.testing.ClusterNodes;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM on a service node (a rolling restart): it stops taking event-bus requests at once, the
 * request it is handling still gets its reply, and only then does it leave the cluster.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulStopTest {
  static final String SLOW = "test.slow";
  static final String FAST = "test.fast";

  private final ClusterNodes cluster = new ClusterNodes();
  private Path xml;

  /** A service whose {@code test.slow} answers only when the test says so. */
  static final class SlowService implements ServiceModule {
    final Promise<Void> arrived = Promise.promise();
    final Promise<JsonObject> release = Promise.promise();

    @Override
    public String name() {
      return "slow-service";
    }

    @Override
    public Future<Void> deploy(ServiceContext context) {
      Vertx vertx = context.vertx();
      return Future.all(
          Bus.serve(vertx, SLOW, json -> {
            arrived.tryComplete();
            return release.future();
          }).completion(),
          Bus.serve(vertx, FAST, Future::succeededFuture).completion()).mapEmpty();
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    cluster.close();
    if (xml != null) {
      Files.deleteIfExists(xml);
    }
  }

  private SwitchboardConfig clusteredConfig() throws Exception {
    xml = Files.createTempFile("cluster", ".xml");
    String original = new String(getClass().getResourceAsStream("/cluster.xml").readAllBytes(), StandardCharsets.UTF_8);
    Files.writeString(xml, original.replace("<cluster-name>switchboard</cluster-name>",
        "<cluster-name>" + cluster.clusterName() + "</cluster-name>"));
    return TestConfigs.config("postgresql://postgres@127.0.0.1:5432/unused", Map.of(
        "SWITCHBOARD_CLUSTER", "true", "SWITCHBOARD_CLUSTER_CONFIG", xml.toString()));
  }

  @Test
  void aRequestInFlightDuringStopStillGetsItsReplyWhileNewRequestsAreRefusedWith503() throws Exception {
    Vertx caller = cluster.startNode().await();
    SlowService slow = new SlowService();
    SwitchboardProcess process = SwitchboardProcess.start(clusteredConfig(), List.of(slow)).await();
    untilTrue(() -> succeeds(Bus.request(caller.eventBus(), FAST, new JsonObject(), 1_000)), "the caller sees the service");

    Future<JsonObject> inFlight = Bus.request(caller.eventBus(), SLOW, new JsonObject().put("n", 1), 20_000);
    slow.arrived.future().await(5, TimeUnit.SECONDS);
    AtomicReference<Throwable> stopFailure = new AtomicReference<>();
    Thread stopper = new Thread(() -> {
      try {
        process.stop();
      } catch (Exception e) {
        stopFailure.set(e);
      }
    }, "sigterm");
    stopper.start();

    // New requests find nobody: the node unregistered its consumers (a caller would retry elsewhere).
    untilTrue(() -> unavailable(Bus.request(caller.eventBus(), FAST, new JsonObject(), 1_000)),
        "new requests refused with 503");
    assertTrue(BusDrain.draining(process.vertx()));
    assertEquals(1, BusDrain.inFlight(process.vertx()), "the slow request is still being handled");
    assertFalse(inFlight.isComplete(), "no reply yet: the handler has not answered");
    assertTrue(stopper.isAlive(), "the node waits for its request in flight before leaving the cluster");

    slow.release.complete(new JsonObject().put("answered", true));

    assertEquals(new JsonObject().put("answered", true), inFlight.await(10, TimeUnit.SECONDS));
    stopper.join(20_000);
    assertFalse(stopper.isAlive(), "stopped once the reply went out");
    assertEquals(null, stopFailure.get());
  }

  private static boolean succeeds(Future<?> future) {
    try {
      future.await(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean unavailable(Future<?> future) {
    try {
      future.await(2, TimeUnit.SECONDS);
      return false;
    } catch (Exception e) {
      return Failures.code(e) == FailureCode.UNAVAILABLE;
    }
  }

  private static void untilTrue(BooleanSupplier probe, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!probe.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }
}
