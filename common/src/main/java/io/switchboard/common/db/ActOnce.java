package io.switchboard.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one instance of a service acts on each call change. {@code calls.changed} is published, so
 * every instance of every service that follows calls receives every change; a reaction that must
 * happen once per service (agents made busy, a call taken out of the parking lot, a caller
 * redirected through Twilio) runs through here. The instances race to advance the call's row in the
 * service's own {@code <schema>.calls_seen} to the change's version; the one whose statement
 * advances it runs the reaction on the same transaction, the others find the row there and drop the
 * change. A change no newer than one acted on before (a repeat, or a change overtaken by a newer one
 * of the same call) is dropped as well.
 *
 * <p>Failure: the claim commits together with the reaction's own writes. An instance that dies or
 * fails before the commit leaves no claim: PostgreSQL rolls it back, and another instance that
 * received the same change either is waiting on the row (its statement blocks on the uncommitted
 * one) or has not reached it yet, and acts instead. What the reaction does outside PostgreSQL (a
 * board delta, a Twilio redirect) comes after the commit; an instance that dies in between loses
 * it, as it did before this guard (boards reload their snapshot when a node leaves).
 *
 * <p>Why a guard on a broadcast and not a point-to-point address per service ({@code send} delivers
 * to one consumer): a message sent to one instance dies with it, where here another instance takes
 * over; and consecutive changes of one call would reach different instances in any order, which
 * needs this version check all the same.
 *
 * <p>Only for reactions that must happen once per service: a per-instance cache (the claim
 * arbiter's) follows every change on every instance. Claim only changes the service acts on, as
 * each claim is a write. The table, in each service's own migrations:
 * {@code calls_seen (call_sid text PRIMARY KEY, version bigint NOT NULL, seen_at timestamptz NOT NULL
 * DEFAULT now())}, indexed on {@code seen_at}; rows not advanced for a day are pruned.
 */
public final class ActOnce {
  private static final Logger LOG = LoggerFactory.getLogger(ActOnce.class);
  /** How often one instance prunes its service's table (each instance prunes; the deletes are idempotent). */
  static final Duration PRUNE_EVERY = Duration.ofHours(1);

  /** One row back only when version {@code $2} is newer than every version of call {@code $1} acted on. */
  private static final String ADVANCE = """
      INSERT INTO %s.calls_seen (call_sid, version) VALUES ($1, $2)
      ON CONFLICT (call_sid) DO UPDATE SET version = EXCLUDED.version, seen_at = now()
      WHERE calls_seen.version < EXCLUDED.version
      RETURNING version""";

  /** A call not heard of for a day is over: its later changes, if any, are repeats. */
  private static final String PRUNE = "DELETE FROM %s.calls_seen WHERE seen_at < now() - interval '1 day'";

  private final Pool pool;
  private final String advance;
  private final String prune;
  private final AtomicLong nextPruneMs = new AtomicLong();

  /** {@code schema}: the service's own schema, which holds its {@code calls_seen} table. */
  public ActOnce(Pool pool, String schema) {
    this.pool = pool;
    this.advance = ADVANCE.formatted(schema);
    this.prune = PRUNE.formatted(schema);
  }

  /**
   * Runs {@code reaction} on a transaction's connection if this instance is the one to act on version
   * {@code version} of call {@code callSid}, and commits the claim with it. The reaction's result, or
   * empty when another instance acted on this change or a newer one (or the result is null). A failed
   * reaction rolls the claim back, so the change is left to another instance.
   */
  public <T> Future<Optional<T>> onCallChange(String callSid, long version,
      Function<SqlConnection, Future<T>> reaction) {
    pruneWhenDue();
    return pool.withTransaction(conn -> conn.preparedQuery(advance).execute(Tuple.of(callSid, version))
        .compose(advanced -> advanced.size() == 0
            ? Future.succeededFuture(Optional.<T>empty())
            : reaction.apply(conn).map(Optional::ofNullable)));
  }

  private void pruneWhenDue() {
    long now = System.currentTimeMillis();
    long due = nextPruneMs.get();
    if (now >= due && nextPruneMs.compareAndSet(due, now + PRUNE_EVERY.toMillis())) {
      pool.query(prune).execute()
          .onFailure(t -> LOG.debug("could not prune calls_seen: {}", t.toString()));
    }
  }
}
