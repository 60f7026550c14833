package io.switchboard.clusterit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

/** What one stream of calls did, checked against PostgreSQL. */
record StreamResult(List<Track> tracks, double seconds, List<String> problems, int twoWinners, int parkedLost,
    long parkedRows, long liveCalls, long requests, long retried503, long unanswered, long resent,
    long parkedAfterRetry, Map<String, Integer> outcomes) {
  int won() {
    return tracks.stream().mapToInt(t -> t.won.size()).sum();
  }

  int lost() {
    return tracks.stream().mapToInt(t -> t.lost.size()).sum();
  }

  String figures() {
    return String.join("\n",
        String.format("calls: %d over %.1f s, one every %d ms; outcomes %s", tracks.size(), seconds,
            CallStream.CALL_EVERY_MS, outcomes),
        String.format("claims through the bridge: %d won, %d lost (409 with the winner)", won(), lost()),
        String.format("API requests: %d, retried after 503: %d, never answered: %d; parks whose retry found them"
            + " already parked: %d", requests, retried503, unanswered, parkedAfterRetry),
        String.format("event-bus requests re-sent by services after a delivery failure: %d", resent),
        String.format("two winners: %d; parked callers lost: %d; parked rows left: %d; live calls left: %d",
            twoWinners, parkedLost, parkedRows, liveCalls),
        "problems: " + (problems.isEmpty() ? "none" : String.join("\n  ", problems)));
  }

  void assertClean() {
    assertEquals(List.of(), problems, figures());
    assertEquals(0, twoWinners, figures());
    assertEquals(0, parkedLost, figures());
    assertEquals(0, parkedRows, figures());
    assertEquals(0, liveCalls, figures());
    assertEquals(0, unanswered, figures());
  }
}
