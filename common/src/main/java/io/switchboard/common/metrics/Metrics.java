package io.switchboard.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One Prometheus registry per process, served at {@code /metrics}: Vert.x's own meters (HTTP,
 * event bus, pools) plus Switchboard's named meters below, so dashboards and alerts use the
 * same names whichever service emits them.
 */
public final class Metrics {
  public static final String PATH = "/metrics";

  public static final String WEBHOOK_LATENCY = "switchboard.webhook.latency";
  public static final String CLAIMS = "switchboard.claims";
  public static final String CLAIM_LATENCY = "switchboard.claim.latency";
  public static final String BOARD_DELTAS = "switchboard.board.deltas";
  public static final String BRIDGE_CONNECTIONS = "switchboard.bridge.connections";
  public static final String PARKED_CALLS = "switchboard.parked.calls";
  public static final String BUS_FAILURES = "switchboard.bus.failures";

  private static volatile MeterRegistry registry = new SimpleMeterRegistry();

  private Metrics() {}

  /**
   * Switches this process's meters to a Prometheus registry and returns the factory that makes a
   * Vert.x instance report into it (pass it with {@code options} to {@code Vertx.builder()}).
   */
  public static MicrometerMetricsFactory enable(VertxOptions options) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry = prometheus;
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return new MicrometerMetricsFactory(prometheus);
  }

  public static void mount(Router router) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      router.get(PATH).handler(PrometheusScrapingHandler.create(prometheus));
    }
  }

  public static MeterRegistry registry() {
    return registry;
  }

  public static Counter counter(String name, String... tags) {
    return Counter.builder(name).tags(tags).register(registry);
  }

  /** The timer named {@code timer} with {@code tags} (registered on first use; keep it on hot paths). */
  public static Timer timer(String timer, String... tags) {
    return Timer.builder(timer).tags(tags).publishPercentileHistogram().register(registry);
  }

  public static void record(String timer, Duration elapsed, String... tags) {
    timer(timer, tags).record(elapsed);
  }

  /** A gauge read from {@code value} at each scrape (registered once per name and tags). */
  public static void gauge(String name, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).tags(tags).register(registry);
  }

  /** Counts one board delta published, by its kind (call, agent, parked, voicemail, stats). */
  public static void boardDelta(String kind) {
    counter(BOARD_DELTAS, "kind", kind).increment();
  }

  /**
   * Counts an event-bus failure by its code's name (a {@code FailureCode}), wherever it is seen. A
   * name, not the enum: the bus package uses this one, so this one does not use it back.
   */
  public static void busFailure(String address, String code) {
    counter(BUS_FAILURES, "address", address, "code", code).increment();
  }
}
