package io.switchboard.claims;

import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.CallerHistory;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.HistoryCall;
import io.switchboard.common.contract.HistoryEvent;
import io.switchboard.common.contract.HistoryPage;
import io.switchboard.common.contract.HistoryQuery;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Transition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every statement of the claim-service, so its whole data access reads in one place. Each change is
 * one statement: a guarded {@code UPDATE ... WHERE status = ANY(...)} that bumps {@code version},
 * with the claim row and ring_events written by CTEs of the same statement, so a change is atomic
 * without an explicit transaction and a guard that fails changes nothing.
 */
public final class CallSql {

  /** A call and, if it was answered, the agent recorded in {@code call_claims}. */
  public record CallAndWinner(CallView call, String winner) {}

  /**
   * One call's first claim in a batch. {@code trusted}: the actor is already known to be allowed
   * (admin, Switchboard itself, or found available in queue mode), so the ring list is not checked;
   * the org always is.
   */
  public record ClaimAttempt(String callSid, String agentId, String orgId, boolean trusted) {}

  /**
   * What a batched claim settled for one call: {@code won} if this attempt claimed it (the call as
   * updated); otherwise the call and its winner (null if none) as the statement read them, and
   * {@code busy}: the claiming agent already held a live (active) call, so it could not claim this one.
   */
  public record ClaimOutcome(CallView call, boolean won, String winner, boolean busy) {}

  /** A call whose won claim has not been connected yet, and when it expires. */
  public record PendingClaim(String callSid, long version, String agentId, long remainingMs) {}

  /** A released call and the agent it was taken from (null if it had none). */
  public record Released(CallView call, String agentId) {}

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK = "40P01";

  /**
   * A call's outcome as history and the screen-pop name it, from the call row aliased {@code %1$s}:
   * answered (some agent's phone took it), voicemail, abandoned (ended before either), or live.
   */
  private static final String OUTCOME = """
      CASE WHEN %1$s.first_connected_at IS NOT NULL THEN 'answered'
           WHEN %1$s.voicemail_at IS NOT NULL THEN 'voicemail'
           WHEN %1$s.ended_at IS NOT NULL THEN 'abandoned'
           ELSE 'live' END""";

  /**
   * The agent who last talked to the caller of the call aliased {@code %1$s}: the newest 'connected'
   * event's agent (calls older than V10 have none: their assigned agent if they were answered).
   */
  private static final String LAST_AGENT = """
      coalesce((SELECT e.agent_id FROM claims.ring_events e
                WHERE e.call_sid = %1$s.call_sid AND e.event_type = 'connected' ORDER BY e.id DESC LIMIT 1),
               CASE WHEN %1$s.first_connected_at IS NOT NULL THEN %1$s.assigned_to END)""";

  /**
   * The call, its arrival and first ring (in that order), and what the org knew of its caller then
   * ({@code caller_history}, the screen-pop: previous calls from this number, the last one's outcome
   * and agent; $7 the caller's open voicemails, as the voice-webhook-service counted them).
   */
  private static final String CREATE = """
      WITH last AS (
        SELECT p.* FROM claims.calls p
        WHERE p.org_id = $2 AND p.from_number = $3 AND p.call_sid <> $1
        ORDER BY p.created_at DESC LIMIT 1
      ), history AS (
        SELECT jsonb_build_object(
                 'previousCalls', (SELECT count(*) FROM (SELECT 1 FROM claims.calls p
                                   WHERE p.org_id = $2 AND p.from_number = $3 AND p.call_sid <> $1
                                   LIMIT %d) counted),
                 'lastCallSid', last.call_sid,
                 'lastCallAt', to_char(last.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'lastOutcome', %s,
                 'lastAgent', %s,
                 'openVoicemails', $7::integer) AS known
        FROM (SELECT 1) one LEFT JOIN last ON true
      ), created AS (
        INSERT INTO claims.calls (call_sid, org_id, from_number, to_number, status, ring_mode, rung_agents,
                                  caller_history)
        VALUES ($1, $2, $3, $4, 'ringing', $5, $6::text[], (SELECT known FROM history))
        ON CONFLICT (call_sid) DO NOTHING
        RETURNING *
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, event_type, agent_ids)
        SELECT c.call_sid, c.org_id, e.type, CASE WHEN e.type = 'ring_start' THEN c.rung_agents END
        FROM created c CROSS JOIN (VALUES (1, 'arrived'), (2, 'ring_start')) AS e(n, type)
        ORDER BY e.n
      )
      SELECT * FROM created""".formatted(CallerHistory.MAX_COUNTED,
      "CASE WHEN last.call_sid IS NOT NULL THEN " + OUTCOME.formatted("last") + " END",
      LAST_AGENT.formatted("last"));

  /** A ringing call rings a new set of agents: they replace the rung list, old declines are forgotten. */
  private static final String OFFER = """
      WITH offered AS (
        UPDATE claims.calls
        SET rung_agents = $3::text[], declined_by = '{}', ring_mode = 'dial', ringing_since = now(),
            version = version + 1
        WHERE call_sid = $1 AND org_id = $2 AND status = 'ringing'
        RETURNING *
      ), rings AS (
        INSERT INTO claims.ring_events (call_sid, org_id, event_type, agent_ids)
        SELECT call_sid, org_id, 'ring_start', rung_agents FROM offered
      )
      SELECT * FROM offered""";

  private static final String FIND = """
      SELECT c.*, k.agent_id AS claim_winner
      FROM claims.calls c LEFT JOIN claims.call_claims k ON k.call_sid = c.call_sid
      WHERE c.call_sid = $1""";

  /*
   * The claim, of many calls at once (group commit: one transaction, one WAL flush, for every first
   * claim that arrived while the previous batch was in flight). The guarded UPDATE runs first and
   * the claim rows are inserted only FROM its result, so "the insert won but the update failed"
   * cannot happen: a call that is no longer ringing yields no row and no claim. Two claims for one
   * call (from two processes) serialize on the call's row lock; the second re-checks
   * status = 'ringing' against the committed winner and updates nothing. The guard also holds the
   * authorization that needs no other service: the caller's org, and in dial mode the ring list
   * (unless trusted), and that the agent is not on a call: its latest claim (call_claims_by_agent, V7)
   * and its latest hand-over (hand_overs, V9) are not a call still active and assigned to it. The
   * latest of each suffices because this check keeps an agent from claiming while on a call, and a
   * parked call is handed only to an agent presence lists as available, not on a call; an index
   * on calls.assigned_to or status would make every claim a non-HOT update. A call, and an agent, appear at most once per batch and in one batch
   * in flight ({@link ClaimBatcher}), so an agent's second claim sees its first. Calls it did not claim are read
   * in the same statement, with their recorded winner; that read sees the statement's snapshot, so
   * a call another process claimed while we waited for its row lock shows as still ringing, and the
   * caller must read it again. The redundant "call_sid = ANY ($1)" keep the tables behind an index
   * whatever join the planner picks: a plan cached while the tables were small must not turn into
   * scans of the whole table as it grows. The unique key on call_claims still guarantees one winner: should a
   * claim row exist anyway, the whole statement rolls back (and the batch is retried call by call).
   * It runs on connections that plan it once (generic plan): PostgreSQL would otherwise re-plan it
   * for every batch, and planning it costs more than running it for a handful of calls. Each claim
   * writes one row version of calls (a HOT update: no index covers what it changes, see V3), its
   * claim row, and one 'answered' ring event listing the rings it cancelled.
   */
  private static final String CLAIM_ALL = """
      WITH req AS MATERIALIZED (
        SELECT r.*, EXISTS (SELECT 1 FROM claims.calls b
                            WHERE b.call_sid IN ((SELECT k.call_sid FROM claims.call_claims k WHERE k.agent_id = r.agent
                                                  ORDER BY k.claimed_at DESC LIMIT 1),
                                                 (SELECT h.call_sid FROM claims.hand_overs h WHERE h.agent_id = r.agent))
                              AND b.status = 'active' AND b.assigned_to = r.agent AND b.org_id = r.org) AS busy
        FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS r(call_sid, agent, org, trusted)
      ), won AS (
        UPDATE claims.calls c
        SET status = 'active', assigned_to = r.agent, answered_at = now(), connected_at = NULL,
            claim_expires_at = now() + $5::bigint * interval '1 millisecond', version = c.version + 1
        FROM req r
        WHERE c.call_sid = ANY ($1::text[]) AND c.call_sid = r.call_sid
          AND c.status = 'ringing' AND c.org_id = r.org
          AND (r.trusted OR (c.ring_mode = 'dial' AND r.agent = ANY (c.rung_agents)))
          AND NOT r.busy
        RETURNING c.*
      ), claim AS (
        INSERT INTO claims.call_claims (call_sid, agent_id)
        SELECT call_sid, assigned_to FROM won
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, event_type, agent_ids)
        SELECT w.call_sid, w.org_id, w.assigned_to, 'answered',
               CASE WHEN cardinality(w.declined_by) = 0 THEN nullif(array_remove(w.rung_agents, w.assigned_to), '{}')
                 ELSE (SELECT array_agg(a.agent ORDER BY a.n) FROM unnest(w.rung_agents) WITH ORDINALITY AS a(agent, n)
                       WHERE a.agent <> w.assigned_to AND NOT (a.agent = ANY (w.declined_by))) END
        FROM won w
      ), unclaimed AS MATERIALIZED (
        SELECT r.call_sid, r.busy FROM req r WHERE NOT EXISTS (SELECT 1 FROM won w WHERE w.call_sid = r.call_sid)
      )
      SELECT w.*, true AS claim_won, w.assigned_to AS claim_winner, false AS claim_busy FROM won w
      UNION ALL
      SELECT c.*, false, k.agent_id, u.busy
      FROM unclaimed u JOIN claims.calls c ON c.call_sid = u.call_sid AND c.call_sid = ANY ($1::text[])
        LEFT JOIN claims.call_claims k ON k.call_sid = c.call_sid AND k.call_sid = ANY ($1::text[])""";

  /** Records a decline; the last rung agent's decline sends the call to voicemail in the same statement. */
  private static final String DECLINE = """
      WITH declined AS (
        UPDATE claims.calls
        SET declined_by = array_append(declined_by, $2::text),
            status = CASE WHEN %1$s THEN 'voicemail' ELSE status END,
            voicemail_at = CASE WHEN %1$s THEN now() ELSE voicemail_at END,
            end_reason = CASE WHEN %1$s THEN 'all-declined' ELSE end_reason END,
            version = version + 1
        WHERE call_sid = $1 AND status = 'ringing' AND NOT ($2::text = ANY (declined_by))
        RETURNING *
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, event_type, detail)
        SELECT call_sid, org_id, agent, type, detail FROM (
          SELECT 1 AS n, call_sid, org_id, $2::text AS agent, 'declined' AS type, NULL::text AS detail FROM declined
          UNION ALL
          SELECT 2, call_sid, org_id, NULL, 'voicemail', end_reason FROM declined WHERE status = 'voicemail') e
        ORDER BY n
      )
      SELECT * FROM declined""".formatted(
      "cardinality(rung_agents) > 0 AND rung_agents <@ array_append(declined_by, $2::text)");

  /*
   * The requested transitions, one whole statement each. Every one starts from the same guard:
   * $1 the call, $2 the statuses it may be in, $3 the actor's org, $4 the agent the call must be
   * assigned to (null: anyone in the org). A statement's own parameter, if it has one, is $5.
   */

  /** $5 who parks it (the timeline's 'parked' event names the call's agent and its parker). */
  private static final String PARK = """
      WITH parked AS (
        UPDATE claims.calls
        SET status = 'parked', parked_at = now(), claim_expires_at = NULL, version = version + 1
        WHERE call_sid = $1 AND status = ANY ($2::text[]) AND org_id = $3 AND ($4::text IS NULL OR assigned_to = $4)
        RETURNING *
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, actor_id, event_type)
        SELECT call_sid, org_id, assigned_to, $5::text, 'parked' FROM parked
      )
      SELECT * FROM parked""";

  /**
   * $5 the agent the parked call is handed to. Parked time is accumulated when a park ends (here and
   * in {@link #END}), for the board's average. The hand-over is recorded as that agent's latest
   * (one row per agent, V9): the claim statement's "already on a call" check reads the agent's
   * latest claim and latest hand-over. The claim row itself is never rewritten: it names who won
   * the claim.
   */
  private static final String UNPARK = """
      WITH handed AS (
        UPDATE claims.calls
        SET parked_seconds = parked_seconds + CASE WHEN status = 'parked' THEN extract(epoch FROM now() - parked_at) ELSE 0 END,
            parks_completed = parks_completed + CASE WHEN status = 'parked' THEN 1 ELSE 0 END,
            status = 'active', assigned_to = $5, parked_at = NULL, connected_at = NULL, claim_expires_at = NULL,
            version = version + 1
        WHERE call_sid = $1 AND status = ANY ($2::text[]) AND org_id = $3 AND ($4::text IS NULL OR assigned_to = $4)
        RETURNING *
      ), hand_over AS (
        INSERT INTO claims.hand_overs (agent_id, call_sid) SELECT assigned_to, call_sid FROM handed
        ON CONFLICT (agent_id) DO UPDATE SET call_sid = EXCLUDED.call_sid, handed_at = now()
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, actor_id, event_type)
        SELECT call_sid, org_id, assigned_to, $6::text, 'retrieved' FROM handed
      )
      SELECT * FROM handed""";

  /**
   * $5 the reason (null: no-answer). The ring ended unanswered (dial no-answer/busy/failed, the
   * queue wait over): a ringing call, or one whose claim was won but never connected (the phone had
   * not answered when the ring ended), goes to voicemail at once; the unconnected claim is dropped
   * (its row deleted, an 'expired' ring event written) rather than left to expire later and put a
   * call back to ringing while its caller records a message. {@code released_agent} names the agent
   * whose claim it was.
   */
  private static final String VOICEMAIL = """
      WITH prior AS (
        SELECT call_sid AS prior_sid, assigned_to AS prior_agent
        FROM claims.calls WHERE call_sid = $1 FOR UPDATE
      ), moved AS (
        UPDATE claims.calls
        SET status = 'voicemail', voicemail_at = now(), end_reason = coalesce($5::text, 'no-answer'),
            assigned_to = NULL, answered_at = NULL, claim_expires_at = NULL, version = version + 1
        FROM prior
        WHERE call_sid = prior_sid
          AND call_sid = $1 AND status = ANY ($2::text[]) AND org_id = $3 AND ($4::text IS NULL OR assigned_to = $4)
          AND (status = 'ringing' OR connected_at IS NULL)
        RETURNING calls.*, prior_agent AS released_agent
      ), dropped AS (
        DELETE FROM claims.call_claims k USING moved m WHERE k.call_sid = m.call_sid
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, actor_id, event_type, detail)
        SELECT call_sid, org_id, agent, actor, type, detail FROM (
          SELECT 1 AS n, call_sid, org_id, released_agent AS agent, NULL::text AS actor, 'expired' AS type,
                 NULL::text AS detail
          FROM moved WHERE released_agent IS NOT NULL
          UNION ALL
          SELECT 2, call_sid, org_id, NULL, $6::text, 'voicemail', end_reason FROM moved) e
        ORDER BY n
      )
      SELECT * FROM moved""";

  /** $5 the agent the claim must be assigned to (null: whoever holds it). */
  private static final String CONNECT = """
      WITH connected AS (
        UPDATE claims.calls
        SET connected_at = now(), first_connected_at = coalesce(first_connected_at, now()), claim_expires_at = NULL,
            version = version + 1
        WHERE call_sid = $1 AND status = ANY ($2::text[]) AND org_id = $3 AND ($4::text IS NULL OR assigned_to = $4)
          AND connected_at IS NULL AND ($5::text IS NULL OR assigned_to = $5)
        RETURNING *
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, actor_id, event_type)
        SELECT call_sid, org_id, assigned_to, $6::text, 'connected' FROM connected
      )
      SELECT * FROM connected""";

  /** $5 the agent the claim must be assigned to (null: whoever holds it); see {@link #release}. */
  private static final String RELEASE = release("""
      call_sid = $1 AND status = ANY ($2::text[]) AND org_id = $3 AND ($4::text IS NULL OR assigned_to = $4)
            AND connected_at IS NULL AND ($5::text IS NULL OR assigned_to = $5)""");

  /** $5 the reason (null: completed); a park it ends counts towards the parked average (see {@link #UNPARK}). */
  private static final String END = """
      WITH ended AS (
        UPDATE claims.calls
        SET parked_seconds = parked_seconds + CASE WHEN status = 'parked' THEN extract(epoch FROM now() - parked_at) ELSE 0 END,
            parks_completed = parks_completed + CASE WHEN status = 'parked' THEN 1 ELSE 0 END,
            status = 'ended', ended_at = now(), end_reason = coalesce($5::text, 'completed'), claim_expires_at = NULL,
            version = version + 1
        WHERE call_sid = $1 AND status = ANY ($2::text[]) AND org_id = $3 AND ($4::text IS NULL OR assigned_to = $4)
        RETURNING *
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, agent_id, actor_id, event_type, detail)
        SELECT call_sid, org_id, assigned_to, $6::text, 'ended', end_reason FROM ended
      )
      SELECT * FROM ended""";

  /**
   * A transition's statement, whether it takes $5 (PostgreSQL cannot type a parameter a statement
   * does not use, so $5 is passed only to those that do), and whether it returns the agent the call
   * was taken from ({@code released_agent}).
   */
  private record TransitionSql(String sql, boolean takesArgument, boolean releasesAgent, boolean takesActor) {}

  /* The actor (who asked), when the statement records it in the timeline, is the last parameter. */
  private static final Map<Transition, TransitionSql> TRANSITIONS = new EnumMap<>(Map.of(
      Transition.PARK, new TransitionSql(PARK, false, false, true),
      Transition.UNPARK, new TransitionSql(UNPARK, true, false, true),
      Transition.VOICEMAIL, new TransitionSql(VOICEMAIL, true, true, true),
      Transition.CONNECT, new TransitionSql(CONNECT, true, false, true),
      Transition.RELEASE, new TransitionSql(RELEASE, true, true, false),
      Transition.END, new TransitionSql(END, true, false, true)));

  /** The timer's release: only the exact claim state it was scheduled for ($2 = version); see {@link #release}. */
  private static final String EXPIRE = release("""
      call_sid = $1 AND status = 'active' AND claim_expires_at IS NOT NULL AND connected_at IS NULL
            AND version = $2""");

  /**
   * Ends calls that have rung for longer than $1 ms since they last started ringing (a bounded
   * batch; concurrent sweepers skip each other's rows). See V5 for why such a call rings nowhere.
   */
  private static final String END_STALE_RINGING = """
      WITH stale AS (
        SELECT call_sid FROM claims.calls
        WHERE ended_at IS NULL AND status = 'ringing'
          AND ringing_since < now() - $1::bigint * interval '1 millisecond'
        ORDER BY ringing_since
        LIMIT 100
        FOR UPDATE SKIP LOCKED
      ), ended AS (
        UPDATE claims.calls c
        SET status = 'ended', ended_at = now(), end_reason = 'stale-ringing', version = c.version + 1
        FROM stale WHERE c.call_sid = stale.call_sid AND c.status = 'ringing'
        RETURNING c.*
      ), events AS (
        INSERT INTO claims.ring_events (call_sid, org_id, event_type, detail)
        SELECT call_sid, org_id, 'ended', end_reason FROM ended
      )
      SELECT * FROM ended""";

  /**
   * Takes up to $2 live calls nothing was heard of for $1 ms: no state change (each sets one of the
   * timestamps below) and no Twilio check since. Taking one marks it checked, without a new version
   * (nothing a board shows changed); concurrent reconcilers skip each other's rows. See V8.
   */
  private static final String TAKE_QUIET = """
      WITH quiet AS (
        SELECT call_sid FROM claims.calls
        WHERE ended_at IS NULL
          AND greatest(created_at, answered_at, connected_at, parked_at, voicemail_at, ringing_since,
                       twilio_checked_at) < now() - $1::bigint * interval '1 millisecond'
        ORDER BY coalesce(twilio_checked_at, created_at)
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      )
      UPDATE claims.calls c SET twilio_checked_at = now()
      FROM quiet WHERE c.call_sid = quiet.call_sid AND c.ended_at IS NULL
      RETURNING c.*""";

  private static final String PENDING_CLAIMS = """
      SELECT call_sid, version, assigned_to,
             greatest(0, ceil(extract(epoch FROM claim_expires_at - now()) * 1000))::bigint AS remaining_ms
      FROM claims.calls
      WHERE ended_at IS NULL AND claim_expires_at IS NOT NULL AND status = 'active'""";

  private static final String LIVE_CALLS =
      "SELECT * FROM claims.calls WHERE org_id = $1 AND ended_at IS NULL ORDER BY created_at, call_sid";

  /**
   * The board's counters; "today" is the database's current day. Answered: connected to an agent
   * (a won claim whose phone never connected is not an answer); abandoned: the caller hung up before
   * any agent's phone took the call (a won claim that never connected included; a parked call had
   * been connected), without reaching voicemail.
   */
  private static final String STATS = """
      SELECT
        (SELECT count(*) FROM claims.calls
          WHERE org_id = $1 AND first_connected_at >= date_trunc('day', now())) AS answered_today,
        (SELECT count(*) FROM claims.calls
          WHERE org_id = $1 AND status = 'ended' AND ended_at >= date_trunc('day', now())
            AND first_connected_at IS NULL AND voicemail_at IS NULL) AS abandoned_today,
        (SELECT avg(extract(epoch FROM answered_at - created_at))::float8 FROM claims.calls
          WHERE org_id = $1 AND answered_at >= date_trunc('day', now())) AS avg_seconds_to_answer,
        (SELECT (sum(parked_seconds) / nullif(sum(parks_completed), 0))::float8 FROM claims.calls
          WHERE org_id = $1 AND created_at >= date_trunc('day', now())) AS avg_seconds_parked,
        (SELECT count(*) FROM claims.calls WHERE org_id = $1 AND ended_at IS NULL AND status = 'ringing') AS waiting,
        (SELECT coalesce(max(extract(epoch FROM now() - created_at)), 0)::float8 FROM claims.calls
          WHERE org_id = $1 AND ended_at IS NULL AND status = 'ringing') AS longest_wait_seconds,
        (extract(epoch FROM now()) * 1000)::bigint AS computed_at_ms""";

  /** One call as history shows it, from the call row aliased {@code c}. */
  private static final String HISTORY_COLUMNS = """
      c.call_sid, c.from_number, c.to_number, c.status, c.created_at, c.first_connected_at, c.ended_at,
      c.end_reason, c.parks_completed + CASE WHEN c.status = 'parked' THEN 1 ELSE 0 END AS parks,
      %s AS outcome, %s AS agent""".formatted(OUTCOME.formatted("c"), LAST_AGENT.formatted("c"));

  /**
   * A page of an org's calls, newest first ($1 org; optional $2 number, $3 agent, $4 since, $5 until,
   * $6 outcome; $7 limit, $8 offset). {@code number} is digits (HistoryQuery checks it), so it holds
   * no LIKE wildcard. One row more than asked tells whether another page follows.
   */
  private static final String HISTORY = """
      SELECT %s
      FROM claims.calls c
      WHERE c.org_id = $1
        AND ($2::text IS NULL OR c.from_number LIKE '%%' || $2 || '%%' OR c.to_number LIKE '%%' || $2 || '%%')
        AND ($3::text IS NULL OR c.assigned_to = $3
             OR EXISTS (SELECT 1 FROM claims.ring_events e WHERE e.call_sid = c.call_sid AND e.agent_id = $3
                          AND e.event_type IN ('answered', 'connected', 'retrieved')))
        AND ($4::timestamptz IS NULL OR c.created_at >= $4)
        AND ($5::timestamptz IS NULL OR c.created_at < $5)
        AND ($6::text IS NULL
             OR ($6 = 'parked' AND (c.parks_completed > 0 OR c.status = 'parked'))
             OR %s = $6)
      ORDER BY c.created_at DESC, c.call_sid DESC
      LIMIT $7 OFFSET $8""".formatted(HISTORY_COLUMNS, OUTCOME.formatted("c"));

  private static final String HISTORY_CALL = "SELECT c.org_id, " + HISTORY_COLUMNS
      + " FROM claims.calls c WHERE c.call_sid = $1";

  private static final String TIMELINE = """
      SELECT event_type, created_at, agent_id, agent_ids, actor_id, detail
      FROM claims.ring_events WHERE call_sid = $1 ORDER BY created_at, id""";

  private final Pool pool;
  private final Pool claimPool;

  /**
   * {@code claimPool} runs only the claim batches: connections of their own, so a burst of claims
   * neither waits behind nor starves other statements, with generic plans (see {@link #CLAIM_ALL}).
   */
  public CallSql(Pool pool, Pool claimPool) {
    this.pool = pool;
    this.claimPool = claimPool;
  }

  /**
   * Back to ringing, the claim row deleted and an 'expired' ring event written, in one statement.
   * {@code prior} locks the row first, so the agent it is taken from is the one it had when the
   * guard passed (RETURNING shows only the new row). The same statement serves a requested release
   * ({@link #RELEASE}) and the timer's ({@link #EXPIRE}); only {@code guard}, which rows it may
   * release, differs.
   */
  private static String release(String guard) {
    return """
        WITH prior AS (
          SELECT call_sid AS prior_sid, assigned_to AS prior_agent
          FROM claims.calls WHERE call_sid = $1 FOR UPDATE
        ), released AS (
          UPDATE claims.calls
          SET status = 'ringing', assigned_to = NULL, answered_at = NULL, connected_at = NULL,
              claim_expires_at = NULL, ringing_since = now(), version = version + 1
          FROM prior
          WHERE call_sid = prior_sid AND %s
          RETURNING calls.*, prior_agent AS released_agent
        ), dropped AS (
          DELETE FROM claims.call_claims k USING released r WHERE k.call_sid = r.call_sid
        ), events AS (
          INSERT INTO claims.ring_events (call_sid, org_id, agent_id, event_type)
          SELECT call_sid, org_id, released_agent, 'expired' FROM released
        )
        SELECT * FROM released""".formatted(guard);
  }

  /** Inserts the call; empty when it already existed (a retried webhook), and nothing was written. */
  public Future<Optional<CallView>> create(CreateCall call) {
    return pool.preparedQuery(CREATE)
        .execute(Tuple.of(call.callSid(), call.orgId(), call.from(), call.to(), Fields.lower(call.ringMode()),
            call.rungAgents().toArray(new String[0]), call.openVoicemails()))
        .map(CallSql::first);
  }

  /** Empty when the call is not ringing in {@code orgId} (nothing changed). */
  public Future<Optional<CallView>> offer(String callSid, String orgId, List<String> agents) {
    return pool.preparedQuery(OFFER).execute(Tuple.of(callSid, orgId, agents.toArray(new String[0])))
        .map(CallSql::first);
  }

  public Future<Optional<CallAndWinner>> find(String callSid) {
    return pool.preparedQuery(FIND).execute(Tuple.of(callSid))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new CallAndWinner(view(rows.iterator().next()),
                rows.iterator().next().getString("claim_winner"))));
  }

  /**
   * Claims every call of {@code attempts} (distinct CallSids) in one statement; the outcome per
   * CallSid, absent for a call that does not exist. If a claim row already existed (the unique key
   * refused a second winner) or two processes' batches deadlocked, the batch is retried call by
   * call, so one call's anomaly cannot fail the others; any other failure fails the whole batch.
   */
  public Future<Map<String, ClaimOutcome>> claimAll(List<ClaimAttempt> attempts, Duration connectTimeout) {
    int n = attempts.size();
    String[] sids = new String[n];
    String[] agents = new String[n];
    String[] orgs = new String[n];
    Boolean[] trusted = new Boolean[n];
    for (int i = 0; i < n; i++) {
      ClaimAttempt a = attempts.get(i);
      sids[i] = a.callSid();
      agents[i] = a.agentId();
      orgs[i] = a.orgId();
      trusted[i] = a.trusted();
    }
    return claimPool.preparedQuery(CLAIM_ALL)
        .execute(Tuple.of(sids, agents, orgs, trusted, connectTimeout.toMillis()))
        .map(CallSql::outcomes)
        .recover(t -> {
          if (!(t instanceof PgException pg) || !(UNIQUE_VIOLATION.equals(pg.getSqlState())
              || DEADLOCK.equals(pg.getSqlState()))) {
            return Future.failedFuture(t);
          }
          if (n > 1) {
            return oneByOne(attempts, connectTimeout);
          }
          if (DEADLOCK.equals(pg.getSqlState())) {
            return Future.failedFuture(t);
          }
          // A claim row already exists: not ours. Read who holds it.
          return find(sids[0]).map(found -> {
            Map<String, ClaimOutcome> one = new HashMap<>();
            found.ifPresent(f -> one.put(sids[0], new ClaimOutcome(f.call(), false, f.winner(), false)));
            return one;
          });
        });
  }

  private Future<Map<String, ClaimOutcome>> oneByOne(List<ClaimAttempt> attempts, Duration connectTimeout) {
    List<Future<Map<String, ClaimOutcome>>> each = attempts.stream()
        .map(a -> claimAll(List.of(a), connectTimeout)).toList();
    return Future.all(each).map(all -> {
      Map<String, ClaimOutcome> merged = new HashMap<>();
      each.forEach(f -> merged.putAll(f.result()));
      return merged;
    });
  }

  private static Map<String, ClaimOutcome> outcomes(RowSet<Row> rows) {
    Map<String, ClaimOutcome> byCall = new HashMap<>(rows.size() * 2);
    for (Row row : rows) {
      CallView call = view(row);
      byCall.put(call.callSid(), new ClaimOutcome(call, row.getBoolean("claim_won"), row.getString("claim_winner"),
          row.getBoolean("claim_busy")));
    }
    return byCall;
  }

  /** Records {@code agentId}'s decline of a ringing call; empty if it is not ringing or already declined. */
  public Future<Optional<CallView>> decline(String callSid, String agentId) {
    return pool.preparedQuery(DECLINE).execute(Tuple.of(callSid, agentId)).map(CallSql::first);
  }

  /**
   * Applies {@code transition} if the guard holds; empty (and nothing changed) if it does not.
   * {@code assignee}: the call must be assigned to this agent (null: any call of the org).
   * {@code argument}: the target agent for UNPARK, the expected agent for CONNECT/RELEASE, the
   * reason for VOICEMAIL/END.
   */
  public Future<Optional<Released>> transition(Transition transition, String callSid, List<CallStatus> from,
      String orgId, String assignee, String argument, String actorId) {
    String[] statuses = from.stream().map(Fields::lower).toArray(String[]::new);
    TransitionSql statement = TRANSITIONS.get(transition);
    Tuple params = Tuple.of(callSid, statuses, orgId, assignee);
    if (statement.takesArgument()) {
      params.addValue(argument);
    }
    if (statement.takesActor()) {
      params.addValue(actorId);
    }
    return pool.preparedQuery(statement.sql()).execute(params)
        .map(rows -> first(rows, statement.releasesAgent()));
  }

  /** The timer's release of an unconnected claim in exactly state {@code version}; empty if anything changed. */
  public Future<Optional<Released>> expire(String callSid, long version) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(callSid, version)).map(rows -> first(rows, true));
  }

  /** Ends up to 100 calls ringing for longer than {@code olderThan}; returns them as ended. */
  public Future<List<CallView>> endStaleRinging(Duration olderThan) {
    return pool.preparedQuery(END_STALE_RINGING).execute(Tuple.of(olderThan.toMillis())).map(CallSql::views);
  }

  /** Takes up to {@code limit} live calls quiet for {@code quietFor} for a check at Twilio. */
  public Future<List<CallView>> takeQuiet(Duration quietFor, int limit) {
    return pool.preparedQuery(TAKE_QUIET).execute(Tuple.of(quietFor.toMillis(), limit)).map(CallSql::views);
  }

  public Future<List<PendingClaim>> pendingClaims() {
    return pool.query(PENDING_CLAIMS).execute().map(rows -> {
      List<PendingClaim> pending = new ArrayList<>(rows.size());
      for (Row row : rows) {
        pending.add(new PendingClaim(row.getString("call_sid"), row.getLong("version"),
            row.getString("assigned_to"), row.getLong("remaining_ms")));
      }
      return pending;
    });
  }

  public Future<List<CallView>> liveCalls(String orgId) {
    return pool.preparedQuery(LIVE_CALLS).execute(Tuple.of(orgId)).map(CallSql::views);
  }

  private static List<CallView> views(RowSet<Row> rows) {
    List<CallView> calls = new ArrayList<>(rows.size());
    rows.forEach(row -> calls.add(view(row)));
    return calls;
  }

  /** A page of {@code query.actor()}'s org's calls, newest first. */
  public Future<HistoryPage> history(HistoryQuery query) {
    Tuple params = Tuple.of(query.actor().orgId(), query.number(), query.agentId(), offsetTime(query.since()),
        offsetTime(query.until()), query.outcome());
    params.addValue(query.limit() + 1).addValue(query.offset());
    return pool.preparedQuery(HISTORY).execute(params).map(rows -> {
      List<HistoryCall> calls = new ArrayList<>(rows.size());
      rows.forEach(row -> calls.add(historyCall(row)));
      boolean more = calls.size() > query.limit();
      return new HistoryPage(more ? calls.subList(0, query.limit()) : calls, query.offset(), query.limit(), more);
    });
  }

  /** The call and its org, as history shows it; empty when unknown. */
  public Future<Optional<Map.Entry<String, HistoryCall>>> historyCall(String callSid) {
    return pool.preparedQuery(HISTORY_CALL).execute(Tuple.of(callSid)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(Map.entry(rows.iterator().next().getString("org_id"), historyCall(rows.iterator().next()))));
  }

  /** The call's events in the order they happened. */
  public Future<List<HistoryEvent>> timeline(String callSid) {
    return pool.preparedQuery(TIMELINE).execute(Tuple.of(callSid)).map(rows -> {
      List<HistoryEvent> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        String[] agents = row.getArrayOfStrings("agent_ids");
        events.add(new HistoryEvent(row.getString("event_type"), instant(row.getOffsetDateTime("created_at")),
            row.getString("agent_id"), agents == null ? null : Arrays.asList(agents), row.getString("actor_id"),
            row.getString("detail"), null));
      }
      return events;
    });
  }

  private static HistoryCall historyCall(Row row) {
    return new HistoryCall(row.getString("call_sid"), row.getString("from_number"), row.getString("to_number"),
        Fields.parseEnum("status", row.getString("status"), CallStatus.class),
        instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("first_connected_at")),
        instant(row.getOffsetDateTime("ended_at")), row.getString("end_reason"), row.getString("outcome"),
        row.getString("agent"), row.getInteger("parks"));
  }

  private static OffsetDateTime offsetTime(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  public Future<JsonObject> stats(String orgId) {
    return pool.preparedQuery(STATS).execute(Tuple.of(orgId)).map(rows -> {
      Row row = rows.iterator().next();
      return new JsonObject()
          .put("answeredToday", row.getLong("answered_today"))
          .put("abandonedToday", row.getLong("abandoned_today"))
          .put("avgSecondsToAnswer", row.getDouble("avg_seconds_to_answer"))
          .put("avgSecondsParked", row.getDouble("avg_seconds_parked"))
          .put("waiting", row.getLong("waiting"))
          .put("longestWaitSeconds", row.getDouble("longest_wait_seconds"))
          .put("computedAtMs", row.getLong("computed_at_ms"));
    });
  }

  private static Optional<CallView> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next()));
  }

  private static Optional<Released> first(RowSet<Row> rows, boolean hasReleasedAgent) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new Released(view(row), hasReleasedAgent ? row.getString("released_agent") : null));
  }

  static CallView view(Row row) {
    return new CallView(
        row.getString("call_sid"),
        row.getString("org_id"),
        row.getString("from_number"),
        row.getString("to_number"),
        Fields.parseEnum("status", row.getString("status"), CallStatus.class),
        row.getString("assigned_to"),
        Fields.parseEnum("ringMode", row.getString("ring_mode"), RingMode.class),
        Arrays.asList(row.getArrayOfStrings("rung_agents")),
        Arrays.asList(row.getArrayOfStrings("declined_by")),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("answered_at")),
        instant(row.getOffsetDateTime("connected_at")),
        instant(row.getOffsetDateTime("parked_at")),
        instant(row.getOffsetDateTime("ended_at")),
        row.getString("end_reason"),
        row.getLong("version"),
        row.getValue("caller_history") instanceof JsonObject known ? CallerHistory.fromJson(known) : null);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
