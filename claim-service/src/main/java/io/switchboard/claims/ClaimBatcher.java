package io.switchboard.claims;

import io.switchboard.claims.CallSql.ClaimAttempt;
import io.switchboard.claims.CallSql.ClaimOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Group commit for claims. One commit per claim made PostgreSQL's WAL flush the ceiling, so claims
 * go in batches: one statement, one transaction, one flush for all of them. Up to
 * {@code maxInFlight} batches run at once (so PostgreSQL can execute one while another waits for
 * its flush, and flush several together); claims arriving while all are busy wait and go together
 * as the next batch. A free slot sends at the end of the current event-loop turn, so a claim waits
 * for nothing but the messages already queued.
 * <p>
 * Not thread-safe: used only from its arbiter's event loop ({@code context}). A CallSid is never
 * in one batch twice (the arbiter serializes per call; a duplicate would wait for the next batch).
 */
final class ClaimBatcher {
  /** Bounds one statement's arrays and the time one batch holds its row locks. */
  static final int MAX_BATCH = 256;

  private record Waiting(ClaimAttempt attempt, Promise<Optional<ClaimOutcome>> answer) {}

  private final CallSql sql;
  private final Context context;
  private final Duration connectTimeout;
  private final int maxInFlight;
  private final List<Waiting> waiting = new ArrayList<>();
  private int inFlight;
  private boolean flushQueued;

  ClaimBatcher(CallSql sql, Context context, Duration connectTimeout, int maxInFlight) {
    this.sql = sql;
    this.context = context;
    this.connectTimeout = connectTimeout;
    this.maxInFlight = maxInFlight;
  }

  /** The outcome of this call's claim; empty if there is no such call. Fails if its batch failed. */
  Future<Optional<ClaimOutcome>> claim(ClaimAttempt attempt) {
    Promise<Optional<ClaimOutcome>> answer = Promise.promise();
    waiting.add(new Waiting(attempt, answer));
    if (inFlight < maxInFlight && !flushQueued) {
      flushQueued = true;
      context.runOnContext(v -> {
        flushQueued = false;
        flush();
      });
    }
    return answer.future();
  }

  private void flush() {
    if (waiting.isEmpty() || inFlight >= maxInFlight) {
      return;
    }
    List<Waiting> batch = takeBatch();
    inFlight++;
    sql.claimAll(batch.stream().map(Waiting::attempt).toList(), connectTimeout).onComplete(ar -> {
      inFlight--;
      // A failed statement fails exactly its claims (503 upstream): nothing is guessed.
      for (Waiting w : batch) {
        if (ar.succeeded()) {
          Map<String, ClaimOutcome> outcomes = ar.result();
          w.answer().complete(Optional.ofNullable(outcomes.get(w.attempt().callSid())));
        } else {
          w.answer().fail(ar.cause());
        }
      }
      // Whatever arrived while this batch was in flight goes now.
      flush();
    });
  }

  private List<Waiting> takeBatch() {
    List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), MAX_BATCH));
    Set<String> calls = new HashSet<>();
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Waiting w = it.next();
      if (calls.add(w.attempt().callSid())) {
        batch.add(w);
        it.remove();
      }
    }
    return batch;
  }
}
