package io.switchboard.bench;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.BoardDelta;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.RingMode;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Publishes board deltas open-loop: delta k is due at start + k / rate, whatever the receivers do
 * (a late tick publishes what is due at once, so a slow consumer cannot slow the schedule).
 * Each delta is a realistic call card carrying its publish time ({@code data.sentNanos}).
 */
public final class TimedPublisher {
  private final Vertx vertx;
  private final String orgId;

  public TimedPublisher(Vertx vertx, String orgId) {
    this.vertx = vertx;
    this.orgId = orgId;
  }

  /** The delta with sequence number {@code seq}, stamped now. */
  public JsonObject delta(long seq, boolean probe) {
    CallView call = new CallView("CA" + Long.toHexString(seq) + "0123456789abcdef0123456789", orgId,
        "+15550001111", "+15550002222", CallStatus.RINGING, null, RingMode.DIAL,
        List.of("agent-1", "agent-2", "agent-3", "agent-4", "agent-5"), List.of(),
        Instant.now(), null, null, null, null, seq);
    JsonObject data = call.toJson().put("sentNanos", System.nanoTime());
    if (probe) {
      data.put("probe", true);
    }
    return BoardDelta.upsert(BoardDelta.Kind.CALL, BoardClients.KEY_PREFIX + (seq % 64), seq, data).toJson();
  }

  /** Through the bridge: one publish on the org's board address. */
  public Consumer<Long> viaEventBus() {
    String address = Addresses.board(orgId);
    return seq -> vertx.eventBus().publish(address, delta(seq, false));
  }

  /** The baseline: the same envelope the bridge sends, encoded once, written to every plain socket. */
  public Consumer<Long> viaPlainSockets(PlainSockets plain) {
    String address = Addresses.board(orgId);
    return seq -> plain.writeToAll(new JsonObject().put("type", "rec").put("address", address)
        .put("body", delta(seq, false)).toBuffer());
  }

  /** A probe on the board (ignored by the measurement), to learn that every client is subscribed. */
  public void probe(PlainSockets plainOrNull) {
    JsonObject delta = delta(0, true);
    if (plainOrNull == null) {
      vertx.eventBus().publish(Addresses.board(orgId), delta);
    } else {
      plainOrNull.writeToAll(new JsonObject().put("type", "rec").put("address", Addresses.board(orgId))
          .put("body", delta).toBuffer());
    }
  }

  /** Publishes sequence numbers {@code first .. first + count - 1} at {@code rate} per second; waits until done. */
  public void run(long first, int count, double rate, Consumer<Long> publish) {
    Promise<Void> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      long start = System.nanoTime();
      tick(start, 0, first, count, rate, publish, done);
    });
    done.future().await();
  }

  private void tick(long start, int sent, long first, int count, double rate, Consumer<Long> publish,
      Promise<Void> done) {
    long now = System.nanoTime();
    int due = (int) Math.min(count, Math.floor((now - start) / 1e9 * rate) + 1);
    for (int k = sent; k < due; k++) {
      publish.accept(first + k);
    }
    if (due >= count) {
      done.complete();
      return;
    }
    long nextDue = start + (long) (due * 1e9 / rate);
    long delayMs = Math.max(1, (nextDue - System.nanoTime()) / 1_000_000);
    vertx.setTimer(delayMs, id -> tick(start, due, first, count, rate, publish, done));
  }
}
