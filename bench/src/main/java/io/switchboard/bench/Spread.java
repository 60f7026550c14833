package io.switchboard.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One figure measured once per round: its median and its spread (min, max) over the rounds. */
public final class Spread {
  private final List<Double> rounds = new ArrayList<>();

  public void add(double value) {
    rounds.add(value);
  }

  public int count() {
    return rounds.size();
  }

  public double median() {
    if (rounds.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(rounds);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public double min() {
    return rounds.isEmpty() ? 0 : Collections.min(rounds);
  }

  public double max() {
    return rounds.isEmpty() ? 0 : Collections.max(rounds);
  }

  public JsonObject toJson() {
    return new JsonObject().put("median", round(median())).put("min", round(min())).put("max", round(max()))
        .put("rounds", rounds.stream().map(Spread::round).toList());
  }

  /** "1234.5 (min 1200.0, max 1300.2)" for the human summary. */
  public String describe() {
    return String.format("%.1f (min %.1f, max %.1f)", median(), min(), max());
  }

  static double round(double value) {
    return Math.round(value * 100.0) / 100.0;
  }
}
