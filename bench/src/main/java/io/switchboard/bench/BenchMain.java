package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code switchboard bench <name> [options]}: runs one benchmark (or {@code all}), prints a human
 * summary and, as the very last line of stdout, one JSON object with every figure. Logs go to
 * stderr, so stdout holds only the report.
 */
public final class BenchMain {
  static final Map<String, Supplier<Bench>> BENCHES = new LinkedHashMap<>();

  static {
    BENCHES.put("claims", ClaimsBench::new);
    BENCHES.put("fanout", FanoutBench::new);
    BENCHES.put("webhook", WebhookBench::new);
    BENCHES.put("ring", RingBench::new);
    BENCHES.put("memory", MemoryBench::new);
  }

  static final String USAGE = String.join("\n",
      "usage: switchboard bench <claims|fanout|webhook|ring|memory|all> [options]",
      "  --tiny            the smallest sizes (what the test suite runs; figures mean nothing)",
      "  claims:  --calls 2000 --agents 10 --rounds 5 --inflight 16 (calls) --concurrency 16 --warmup 1000",
      "  fanout:  --clients 1000 --rate 64 --seconds 30 --rounds 3",
      "  memory:  --connections 5000",
      "  webhook: --agents 500 --available 10 --rate 200 --seconds 10 --rounds 3",
      "  ring:    --calls 500 --agents 10");

  private BenchMain() {}

  public static void main(String[] argv) {
    PrintStream report = System.out;
    // Everything else that writes to stdout (logging included) goes to stderr from here on.
    System.setOut(System.err);
    int code = run(argv, report);
    report.flush();
    System.exit(code);
  }

  /** Runs the command; returns the exit code (0 measured, 1 failed or an invariant broken, 64 usage). */
  public static int run(String[] argv, PrintStream out) {
    if (argv.length == 0 || "help".equals(argv[0]) || "--help".equals(argv[0])) {
      out.println(USAGE);
      return argv.length == 0 ? 64 : 0;
    }
    String name = argv[0];
    BenchOptions options;
    try {
      options = BenchOptions.parse(Arrays.asList(argv).subList(1, argv.length));
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(USAGE);
      return 64;
    }
    List<String> names = "all".equals(name) ? List.copyOf(BENCHES.keySet()) : List.of(name);
    if (!"all".equals(name) && !BENCHES.containsKey(name)) {
      System.err.println("bench: unknown benchmark '" + name + "'");
      System.err.println(USAGE);
      return 64;
    }
    long started = System.nanoTime();
    JsonObject results = new JsonObject();
    boolean allOk = true;
    boolean allHeld = true;
    for (String bench : names) {
      JsonObject result = runOne(bench, options, out);
      results.put(bench, result);
      allOk &= result.getBoolean("ok", false);
      allHeld &= !result.containsKey("error") && result.getBoolean("invariantsHeld", true);
      if (names.size() > 1) {
        out.println(result.encode());
      }
    }
    JsonObject last = names.size() == 1 ? results.getJsonObject(name)
        : new JsonObject().put("bench", "all").put("results", results)
            .put("runSeconds", Spread.round((System.nanoTime() - started) / 1e9)).put("ok", allOk);
    out.println(last.encode());
    return allHeld ? 0 : 1;
  }

  private static JsonObject runOne(String name, BenchOptions options, PrintStream out) {
    long started = System.nanoTime();
    try {
      JsonObject result = BENCHES.get(name).get().run(options, out);
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf("%s: done in %.1f s, %s%n", name, seconds,
          result.getBoolean("ok", false) ? "goal met" : "GOAL MISSED (see above)");
      return result.put("runSeconds", Spread.round(seconds));
    } catch (Exception | AssertionError e) {
      System.err.println("bench " + name + " failed:");
      e.printStackTrace();
      out.println(name + ": FAILED: " + e);
      return new JsonObject().put("bench", name).put("error", String.valueOf(e)).put("ok", false);
    }
  }
}
