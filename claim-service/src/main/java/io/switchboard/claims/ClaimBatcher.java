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
 * Nor is an agent: an agent's claim waits while another claim of the same agent is in flight, so the
 * statement's "already on a call" check sees the first claim's commit and one agent cannot win two
 * calls at once (within this process; see README's known limitations).
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
  /** Agents (org + id) with a claim in a batch in flight (at most one each). */
  private final Set<String> agentsInFlight = new HashSet<>();
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
    if (batch.isEmpty()) {
      return; // every waiting claim waits for its agent's claim in flight; its completion flushes again
    }
    inFlight++;
    List<String> agents = batch.stream().map(w -> agentKey(w.attempt())).filter(a -> a != null).toList();
    agentsInFlight.addAll(agents);
    sql.claimAll(batch.stream().map(Waiting::attempt).toList(), connectTimeout).onComplete(ar -> {
      inFlight--;
      agents.forEach(agentsInFlight::remove);
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
    Set<String> agents = new HashSet<>();
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
      Waiting w = it.next();
      String agent = agentKey(w.attempt());
      if (agent != null && (agentsInFlight.contains(agent) || agents.contains(agent))) {
        continue;
      }
      if (calls.add(w.attempt().callSid())) {
        if (agent != null) {
          agents.add(agent);
        }
        batch.add(w);
        it.remove();
      }
    }
    return batch;
  }

  /** The agent an attempt claims for; null for Switchboard itself (trusted), which holds no calls. */
  private static String agentKey(ClaimAttempt attempt) {
    return attempt.trusted() && "system".equals(attempt.agentId()) ? null : attempt.orgId() + "/" + attempt.agentId();
  }
}
