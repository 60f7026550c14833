package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a benchmark at its tiny size in this JVM and hands back its report. */
final class TinyRun {
  final int exitCode;
  final List<String> lines;
  final JsonObject result;

  private TinyRun(int exitCode, List<String> lines) {
    this.exitCode = exitCode;
    this.lines = lines;
    this.result = new JsonObject(lines.get(lines.size() - 1));
  }

  static TinyRun of(String... argv) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = BenchMain.run(argv, out);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    assertTrue(lines.size() > 1, "a summary and the JSON line: " + lines);
    return new TinyRun(code, lines);
  }

  /** The report shape every benchmark shares; speed is not judged here. */
  void assertReportShape(String bench) {
    assertEquals(0, exitCode, "exit code; output: " + String.join("\n", lines));
    assertEquals(bench, result.getString("bench"));
    assertTrue(result.getValue("ok") instanceof Boolean, "ok is a boolean");
    assertTrue(result.getValue("ratio") instanceof Number, "ratio is a number");
    assertTrue(result.getValue("baseline") instanceof JsonObject, "baseline is an object");
    assertTrue(lines.stream().limit(lines.size() - 1).noneMatch(l -> l.startsWith("{")),
        "only the last line is JSON");
  }

  /** A {median, min, max, rounds} figure with min <= median <= max and one value per round. */
  static void assertSpread(JsonObject spread, int rounds) {
    double median = spread.getDouble("median");
    assertTrue(spread.getDouble("min") <= median && median <= spread.getDouble("max"), spread.encode());
    assertEquals(rounds, spread.getJsonArray("rounds").size(), spread.encode());
  }
}
