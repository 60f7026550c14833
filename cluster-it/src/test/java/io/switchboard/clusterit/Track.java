package io.switchboard.clusterit;

import io.switchboard.sim.SimCall;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test saw of one call. */
final class Track {
  /** What a caller does once an agent has answered. */
  enum Scenario { TALK, PARK_THEN_UNPARK, PARK_THEN_CALLER_LEAVES }

  final int index;
  final Scenario scenario;
  volatile SimCall caller;
  final CompletableFuture<String> winner = new CompletableFuture<>();
  final CompletableFuture<String> unparkAnswered = new CompletableFuture<>();
  volatile String unparkTarget;
  final List<String> won = new CopyOnWriteArrayList<>();
  final List<String> lost = new CopyOnWriteArrayList<>();
  final List<String> problems = new CopyOnWriteArrayList<>();
  volatile String outcome = "started";
  volatile boolean parked;

  Track(int index, Scenario scenario) {
    this.index = index;
    this.scenario = scenario;
  }

  /** Of every four calls, two talk, one is parked and taken back, one's caller leaves while parked. */
  static Scenario scenarioOf(int i) {
    return switch (i % 4) {
      case 1 -> Scenario.PARK_THEN_UNPARK;
      case 3 -> Scenario.PARK_THEN_CALLER_LEAVES;
      default -> Scenario.TALK;
    };
  }
}
