package io.switchboard.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.claims.DecidedClaims.Decision;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.RingMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DecidedClaimsTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private static Decision decision(String sid) {
    CallView call = new CallView(sid, "org", "+1", "+2", CallStatus.ACTIVE, "alice", RingMode.DIAL,
        List.of("alice"), List.of(), null, null, null, null, null, 2);
    return new Decision(call, "alice");
  }

  @Test
  void theOldestDecisionIsDroppedWhenFull() {
    DecidedClaims decided = new DecidedClaims(2, Duration.ofMinutes(1), now::get);
    decided.put("a", decision("a"));
    decided.put("b", decision("b"));
    decided.put("c", decision("c"));
    assertNull(decided.get("a"));
    assertEquals("alice", decided.get("b").winner());
    assertEquals(2, decided.size());
  }

  @Test
  void aDecisionIsForgottenAfterItsTimeToLive() {
    DecidedClaims decided = new DecidedClaims(10, Duration.ofSeconds(5), now::get);
    decided.put("a", decision("a"));
    now.addAndGet(5_000);
    assertEquals("a", decided.get("a").call().callSid());
    now.addAndGet(1);
    assertNull(decided.get("a"));
    assertEquals(0, decided.size());
  }
}
