package io.switchboard.claims;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.switchboard.claims.CallSql.ClaimAttempt;
import io.switchboard.claims.CallSql.ClaimOutcome;
import io.switchboard.claims.DecidedClaims.Decision;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.Conflict;
import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * First answer wins. Every claim of this process is handled on this verticle's one thread (deploy
 * exactly one instance), serialized per CallSid:
 * <ul>
 *   <li>the first claim for a call goes to PostgreSQL: one guarded claim statement that also checks
 *       who may answer and reads the call if it did not claim it, batched with the first claims of
 *       other calls ({@link ClaimBatcher}, group commit);</li>
 *   <li>claims arriving while that is in flight wait for its answer and never reach PostgreSQL;</li>
 *   <li>once decided, claims are answered from memory ({@link DecidedClaims}), or after a restart
 *       or eviction from PostgreSQL's {@code call_claims}.</li>
 * </ul>
 * PostgreSQL stays the final arbiter, so several processes (each with its own arbiter) still agree
 * on one winner. When PostgreSQL cannot answer, the claim and everyone waiting on it get 503:
 * nothing is guessed and nothing is remembered.
 */
public final class ClaimArbiter extends VerticleBase {
  /**
   * Decisions kept in memory. A call's claims all arrive within moments of each other, so a few
   * thousand cover minutes of a busy contact center; older ones are read from PostgreSQL. Kept
   * small on purpose: at 10,000 calls/s a 50,000-entry memory kept every decision alive for
   * seconds, and each young collection copied them (measured 20-40 ms pauses, against under 19 ms
   * with 5,000).
   */
  private static final int DECIDED_CAPACITY = 5_000;
  /** Claims come in the first seconds of a call; a short memory also bounds any staleness. */
  private static final Duration DECIDED_TTL = Duration.ofMinutes(5);

  /** What an attempt at PostgreSQL settled: the call's winner, or only that this actor may not claim. */
  private sealed interface Outcome permits Decided, Rejected {}

  private record Decided(Decision decision) implements Outcome {}

  /** The actor of the attempt was refused (403); someone else waiting may still claim. */
  private record Rejected(Throwable failure) implements Outcome {}

  private final CallSql sql;
  private final CallTransitions transitions;
  private final CallAccess access;
  private final BoardPublisher publisher;
  private final Duration connectTimeout;
  private final int batchesInFlight;
  private final Map<String, Future<Outcome>> inFlight = new HashMap<>();
  /** Newest "ringing again" version seen for a call while its attempt was in flight. */
  private final Map<String, Long> releasedInFlight = new HashMap<>();
  private final AtomicLong databaseAttempts = new AtomicLong();
  private Meters wonMeters;
  private Meters lostMeters;
  private Meters failedMeters;
  private DecidedClaims decided;
  private ClaimBatcher batcher;
  private ClaimExpiry expiry;
  /** The event-loop thread every claim runs on (handlers run on duplicates of one context). */
  private Thread ownThread;

  public ClaimArbiter(CallSql sql, CallTransitions transitions, CallAccess access, BoardPublisher publisher,
      Duration connectTimeout, int batchesInFlight) {
    this.sql = sql;
    this.transitions = transitions;
    this.access = access;
    this.publisher = publisher;
    this.connectTimeout = connectTimeout;
    this.batchesInFlight = batchesInFlight;
  }

  @Override
  public Future<?> start() {
    ownThread = Thread.currentThread();
    wonMeters = Meters.of("won");
    lostMeters = Meters.of("lost");
    failedMeters = Meters.of("failed");
    batcher = new ClaimBatcher(sql, context, connectTimeout, batchesInFlight);
    decided = new DecidedClaims(DECIDED_CAPACITY, DECIDED_TTL, System::currentTimeMillis);
    expiry = new ClaimExpiry(vertx, sql, transitions, decided::forget);
    var claims = Bus.serve(vertx, Addresses.CLAIMS_CLAIM, json -> measured(ClaimRequest.fromJson(json)));
    var changes = vertx.eventBus().<JsonObject>consumer(Addresses.CALLS_CHANGED, m -> callChanged(m.body()));
    return Future.all(claims.completion(), changes.completion())
        .compose(v -> expiry.start(connectTimeout));
  }

  /** A claim with its meters: won/lost/failed by outcome, and how long it took to answer. */
  private Future<JsonObject> measured(ClaimRequest request) {
    long started = System.nanoTime();
    return claim(request).andThen(ar -> {
      Meters m = ar.failed() ? failedMeters : ar.result().won() ? wonMeters : lostMeters;
      m.count().increment();
      m.latency().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }).map(ClaimResult::toJson);
  }

  /** One outcome's meters, looked up once: every claim records into them. */
  private record Meters(Counter count, Timer latency) {
    static Meters of(String outcome) {
      return new Meters(Metrics.counter(Metrics.CLAIMS, "outcome", outcome),
          Metrics.timer(Metrics.CLAIM_LATENCY, "outcome", outcome));
    }
  }

  /** How many claims reached PostgreSQL (for tests: waiting claims must not). */
  public long databaseAttempts() {
    return databaseAttempts.get();
  }

  /** How many expiry timers of this process fired and tried a release. */
  public long expiryAttempts() {
    return expiry == null ? 0 : expiry.releaseAttempts();
  }

  Future<ClaimResult> claim(ClaimRequest request) {
    assert Thread.currentThread() == ownThread : "claims run on the arbiter's one thread";
    String callSid = request.callSid();
    Decision known = decided.get(callSid);
    if (known != null) {
      return answer(request.actor(), known);
    }
    Future<Outcome> pending = inFlight.get(callSid);
    if (pending != null) {
      // Wait for the claim in flight; if only its actor was refused, try again as ourselves.
      return pending.compose(outcome -> outcome instanceof Decided d
          ? answer(request.actor(), d.decision())
          : claim(request));
    }
    Promise<Outcome> settled = Promise.promise();
    inFlight.put(callSid, settled.future());
    attempt(request).onComplete(ar -> {
      // Update the maps before anyone waiting is told, so they see the decision (or no claim in flight).
      inFlight.remove(callSid);
      Long releasedSince = releasedInFlight.remove(callSid);
      if (ar.succeeded() && ar.result() instanceof Decided d
          && (releasedSince == null || releasedSince <= d.decision().call().version())) {
        decided.put(callSid, d.decision());
      }
      settled.handle(ar);
    });
    return settled.future().compose(outcome -> outcome instanceof Decided d
        ? answer(request.actor(), d.decision())
        : Future.failedFuture(((Rejected) outcome).failure()));
  }

  /**
   * The one trip to PostgreSQL for a call (batched with other calls' first claims): settles its
   * winner, or fails for everyone (404, 409, 503). Queue-mode agents need presence's word first,
   * so for them the batch only reads the call, and a second batched claim follows.
   */
  private Future<Outcome> attempt(ClaimRequest request) {
    databaseAttempts.incrementAndGet();
    Actor actor = request.actor();
    return batcher.claim(new ClaimAttempt(request.callSid(), actor.id(), actor.orgId(), actor.isSystem()))
        .compose(found -> settle(actor, request.callSid(), found, false));
  }

  /** What one batched claim means for this actor; {@code allowed}: presence already said yes. */
  private Future<Outcome> settle(Actor actor, String callSid, Optional<ClaimOutcome> found, boolean allowed) {
    if (found.isEmpty()) {
      return Future.failedFuture(Failures.notFound("no such call"));
    }
    ClaimOutcome outcome = found.get();
    CallView call = outcome.call();
    if (outcome.won()) {
      publisher.callChanged(call);
      publisher.answered(call, actor.id());
      expiry.schedule(call.callSid(), call.version(), connectTimeout.toMillis());
      return Future.succeededFuture(new Decided(new Decision(call, actor.id())));
    }
    if (outcome.winner() != null) {
      return Future.succeededFuture(new Decided(new Decision(call, outcome.winner())));
    }
    if (!allowed) {
      boolean settled;
      try {
        settled = CallAccess.settledWithoutPresence(actor, call);
      } catch (RuntimeException forbidden) {
        return Future.succeededFuture(new Rejected(forbidden));
      }
      if (!settled) {
        return askPresenceThenClaim(actor, call);
      }
    }
    if (call.status() != CallStatus.RINGING) {
      return Future.failedFuture(notRinging(call));
    }
    if (outcome.busy()) {
      // Only this agent is refused: someone else waiting on this attempt may still answer.
      return Future.succeededFuture(new Rejected(Conflict.state(call).failure("you are already on a call")));
    }
    // Allowed and ringing in the statement's snapshot, yet not ours: another process claimed or
    // ended it while we waited for the row lock. PostgreSQL knows which.
    return sql.find(callSid).compose(after -> {
      if (after.isEmpty()) {
        return Future.failedFuture(Failures.notFound("no such call"));
      }
      if (after.get().winner() != null) {
        return Future.succeededFuture(new Decided(new Decision(after.get().call(), after.get().winner())));
      }
      return Future.failedFuture(notRinging(after.get().call()));
    });
  }

  /** Queue mode: only an agent available in the org right now may claim; then claim as trusted. */
  private Future<Outcome> askPresenceThenClaim(Actor actor, CallView call) {
    return access.mayAnswer(actor, call).transform(ar -> {
      if (ar.failed()) {
        return Failures.code(ar.cause()) == FailureCode.FORBIDDEN
            ? Future.succeededFuture(new Rejected(ar.cause()))
            : Future.failedFuture(ar.cause());
      }
      return batcher.claim(new ClaimAttempt(call.callSid(), actor.id(), actor.orgId(), true))
          .compose(found -> settle(actor, call.callSid(), found, true));
    });
  }

  private static RuntimeException notRinging(CallView call) {
    return Conflict.state(call).failure("the call is " + Fields.lower(call.status()) + ", it cannot be answered");
  }

  /** Tells one actor the decided outcome, after checking it may see it at all. */
  private Future<ClaimResult> answer(Actor actor, Decision decision) {
    CallView call = decision.call();
    try {
      CallAccess.requireOrg(actor, call);
      if (actor.id().equals(decision.winner())) {
        return Future.succeededFuture(
            new ClaimResult(ClaimResult.Outcome.WON, call.callSid(), decision.winner(), call.version()));
      }
      // Queue-mode losers are not asked of presence again: the call is taken either way.
      if (!actor.isSystem() && call.ringMode() == RingMode.DIAL && !call.rungAgents().contains(actor.id())) {
        throw Failures.forbidden("this call was not offered to you");
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    // The reply is how a loser learns who won; rung agents also get the winner's ring-cancelled notice.
    return Future.succeededFuture(
        new ClaimResult(ClaimResult.Outcome.LOST, call.callSid(), decision.winner(), call.version()));
  }

  /**
   * A call released anywhere in the cluster rings again: forget its old winner. Reads three fields
   * of the {@code CallView}, not the whole record: every change of every org's calls passes here,
   * on the thread that serializes the claims.
   */
  private void callChanged(JsonObject json) {
    String callSid = json.getString("callSid");
    if (callSid == null || !Fields.lower(CallStatus.RINGING).equals(json.getString("status"))) {
      return;
    }
    long version = json.getLong("version", 0L);
    Decision known = decided.get(callSid);
    if (known != null && version > known.call().version()) {
      decided.forget(callSid);
    }
    if (inFlight.containsKey(callSid)) {
      // The attempt may have read the winner just before this release: do not remember it.
      releasedInFlight.merge(callSid, version, Math::max);
    }
  }
}
