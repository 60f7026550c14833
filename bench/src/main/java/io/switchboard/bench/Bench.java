package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;

/** One benchmark: starts what it measures, measures it against its baseline, and reports. */
public interface Bench {

  String name();

  /**
   * Runs the benchmark; human-readable lines go to {@code out} as it goes. Returns the result:
   * {@code {"bench", ...figures, "baseline": {...}, "ratio", "ok"}}.
   */
  JsonObject run(BenchOptions options, PrintStream out) throws Exception;
}
