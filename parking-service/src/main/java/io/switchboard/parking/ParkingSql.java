package io.switchboard.parking;

import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.ParkedView;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every statement of the parking-service. Each state change is one guarded statement that bumps
 * {@code version}, so two instances (or two agents) racing for the same parked call get one winner.
 */
public final class ParkingSql {

  /** A parked row: the board's view plus where it is in the lot's life. */
  public record Parked(ParkedView view, String state, String targetAgent, String handedBy) {}

  private static final String RETURNING = " RETURNING *";

  /**
   * The park: the row, with the lowest spot number its org has free (among 1..n+1 for n rows of the
   * org one is always free). Two parks at once may pick the same spot; the second meets
   * {@link #SPOT_INDEX} once the first commits, and is retried (then it sees the first's row).
   */
  private static final String INSERT = """
      INSERT INTO parking.parked_calls (id, call_sid, org_id, from_number, parked_by, conference_name, timeout_at, spot)
      SELECT $1, $2, $3, $4, $5, $6, now() + $7::bigint * interval '1 millisecond',
          (SELECT s FROM generate_series(1, (SELECT count(*)::int + 1 FROM parking.parked_calls WHERE org_id = $3)) s
           WHERE NOT EXISTS (SELECT 1 FROM parking.parked_calls q WHERE q.org_id = $3 AND q.spot = s)
           ORDER BY s LIMIT 1)
      ON CONFLICT (call_sid) DO NOTHING""" + RETURNING;

  /** The unique index on (org_id, spot) (migration V5). */
  static final String SPOT_INDEX = "parked_calls_one_per_spot";
  /** Parks that lost the same spot this many times in a row give up (503); each loss means another park won. */
  static final int SPOT_ATTEMPTS = 50;
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * Retrieval by spot: the call parked (and not already on its way to an agent) in that spot leaves
   * the lot, once; of two retrievals at once the second finds nothing. The spot is free at once.
   */
  private static final String TAKE_SPOT =
      "DELETE FROM parking.parked_calls WHERE org_id = $1 AND spot = $2 AND state = 'parked'" + RETURNING;

  private static final String FIND_BY_SPOT = "SELECT * FROM parking.parked_calls WHERE org_id = $1 AND spot = $2";

  private static final String FIND = "SELECT * FROM parking.parked_calls WHERE id = $1";
  private static final String FIND_BY_CALL = "SELECT * FROM parking.parked_calls WHERE call_sid = $1";
  private static final String DELETE = "DELETE FROM parking.parked_calls WHERE id = $1" + RETURNING;
  private static final String DELETE_BY_CALL = "DELETE FROM parking.parked_calls WHERE call_sid = $1" + RETURNING;
  private static final String DELETE_CONNECTED =
      "DELETE FROM parking.parked_calls WHERE call_sid = $1 AND state IN ('retrieving', 'ringback')" + RETURNING;

  /** The unpark guard: only a call still in the lot can be taken, once. */
  private static final String TAKE = """
      UPDATE parking.parked_calls SET state = 'retrieving', target_agent = $2, handed_by = $3,
          version = version + 1
      WHERE id = $1 AND state = 'parked'""" + RETURNING;

  /**
   * The agent it was handed to did not answer: back in the lot as a new park (the parked timer
   * restarts) that shows who missed it.
   */
  private static final String RETURN_MISSED = """
      UPDATE parking.parked_calls
      SET state = 'parked', missed_by = target_agent, target_agent = NULL, parked_at = now(),
          version = version + 1, timeout_at = now() + $2::bigint * interval '1 millisecond'
      WHERE id = $1 AND state = 'retrieving'""" + RETURNING;

  /** Back into the lot (same id), with a fresh timeout. */
  private static final String RETURN_TO_LOT = """
      UPDATE parking.parked_calls
      SET state = 'parked', target_agent = NULL, version = version + 1,
          timeout_at = now() + $2::bigint * interval '1 millisecond'
      WHERE id = $1 AND state IN ('retrieving', 'ringback')""" + RETURNING;

  /** Park timeouts that are due, each taken by exactly one sweeper. */
  private static final String TAKE_DUE = """
      UPDATE parking.parked_calls SET state = 'ringback', target_agent = parked_by, version = version + 1
      WHERE state = 'parked' AND timeout_at <= now()""" + RETURNING;

  private static final String SET_CONFERENCE = """
      UPDATE parking.parked_calls SET conference_sid = $2::text, version = version + 1
      WHERE conference_name = $1 AND conference_sid IS DISTINCT FROM $2::text""" + RETURNING;

  /** The caller reached the park conference: a parked row of that conference can no longer be undone. */
  private static final String ARRIVE = """
      UPDATE parking.parked_calls SET arrived_at = coalesce(arrived_at, now())
      WHERE conference_name = $1""" + RETURNING;

  /** Undoes a park whose caller has not arrived, remembering it in case the redirect lands later. */
  private static final String UNSETTLE = """
      WITH undone AS (
        DELETE FROM parking.parked_calls WHERE id = $1 AND arrived_at IS NULL RETURNING *
      ), remembered AS (
        INSERT INTO parking.unsettled_parks (conference_name, call_sid, org_id, from_number, parked_by)
        SELECT conference_name, call_sid, org_id, from_number, parked_by FROM undone
        ON CONFLICT (conference_name) DO NOTHING
      )
      SELECT * FROM undone""";

  /** The caller of an undone park arrived after all: taken once, to redo the park. */
  private static final String TAKE_UNSETTLED = """
      DELETE FROM parking.unsettled_parks WHERE conference_name = $1
      RETURNING call_sid, org_id, from_number, parked_by""";

  /** Undone parks whose redirect never landed are forgotten after $1 ms. */
  private static final String FORGET_UNSETTLED =
      "DELETE FROM parking.unsettled_parks WHERE created_at < now() - $1::bigint * interval '1 millisecond'";

  private static final String LOT = """
      SELECT * FROM parking.parked_calls WHERE org_id = $1 AND state = 'parked' ORDER BY parked_at, id""";

  private static final String NEXT_DUE_MS = """
      SELECT greatest(0, ceil(extract(epoch FROM min(timeout_at) - now()) * 1000))::bigint
      FROM parking.parked_calls WHERE state = 'parked'""";

  private final Pool pool;

  public ParkingSql(Pool pool) {
    this.pool = pool;
  }

  /**
   * Inserts the parked call in the lowest free spot of its org; empty if the call is already in the
   * lot. A spot taken by a concurrent park is retried with the next free one.
   */
  public Future<Optional<Parked>> insert(String callSid, String orgId, String from, String parkedBy,
      String conferenceName, Duration timeout) {
    Tuple args = Tuple.of(UUID.randomUUID().toString(), callSid, orgId, from, parkedBy, conferenceName,
        timeout.toMillis());
    return insert(args, SPOT_ATTEMPTS);
  }

  private Future<Optional<Parked>> insert(Tuple args, int attemptsLeft) {
    return one(INSERT, args).recover(t -> {
      if (isSpotTaken(t)) {
        return attemptsLeft > 1 ? insert(args, attemptsLeft - 1)
            : Future.failedFuture(Failures.unavailable("no free park spot could be taken; try again"));
      }
      return Future.failedFuture(t);
    });
  }

  static boolean isSpotTaken(Throwable t) {
    return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        && SPOT_INDEX.equals(pg.getConstraint());
  }

  /** Takes the call parked in {@code spot} out of the lot; empty if none is parked there (or another took it). */
  public Future<Optional<Parked>> takeSpot(String orgId, int spot) {
    return one(TAKE_SPOT, Tuple.of(orgId, spot));
  }

  /** The row in spot {@code spot} of the org's lot, whatever its state. */
  public Future<Optional<Parked>> findBySpot(String orgId, int spot) {
    return one(FIND_BY_SPOT, Tuple.of(orgId, spot));
  }

  public Future<Optional<Parked>> find(String parkedId) {
    return one(FIND, Tuple.of(parkedId));
  }

  public Future<Optional<Parked>> findByCall(String callSid) {
    return one(FIND_BY_CALL, Tuple.of(callSid));
  }

  public Future<Optional<Parked>> delete(String parkedId) {
    return one(DELETE, Tuple.of(parkedId));
  }

  /** Takes the call out of the lot, on {@code client} (the transaction of an {@code ActOnce} claim). */
  public Future<Optional<Parked>> deleteByCall(SqlClient client, String callSid) {
    return one(client, DELETE_BY_CALL, Tuple.of(callSid));
  }

  public Future<Optional<Parked>> deleteConnected(String callSid) {
    return one(DELETE_CONNECTED, Tuple.of(callSid));
  }

  public Future<Optional<Parked>> take(String parkedId, String targetAgent, String handedBy) {
    return one(TAKE, Tuple.of(parkedId, targetAgent, handedBy));
  }

  public Future<Optional<Parked>> returnMissed(String parkedId, Duration timeout) {
    return one(RETURN_MISSED, Tuple.of(parkedId, timeout.toMillis()));
  }

  public Future<Optional<Parked>> returnToLot(String parkedId, Duration timeout) {
    return one(RETURN_TO_LOT, Tuple.of(parkedId, timeout.toMillis()));
  }

  public Future<List<Parked>> takeDue() {
    return pool.query(TAKE_DUE).execute().map(ParkingSql::all);
  }

  public Future<Optional<Parked>> setConference(String conferenceName, String conferenceSid) {
    return one(SET_CONFERENCE, Tuple.of(conferenceName, conferenceSid));
  }

  /** An undone park: who parked which call, for redoing it. */
  public record Unsettled(String callSid, String orgId, String from, String parkedBy) {}

  public Future<Optional<Parked>> arrive(String conferenceName) {
    return one(ARRIVE, Tuple.of(conferenceName));
  }

  /** Deletes the parked row unless its caller arrived, and remembers the park; empty if the caller arrived. */
  public Future<Optional<Parked>> unsettle(String parkedId) {
    return one(UNSETTLE, Tuple.of(parkedId));
  }

  public Future<Optional<Unsettled>> takeUnsettled(String conferenceName) {
    return pool.preparedQuery(TAKE_UNSETTLED).execute(Tuple.of(conferenceName)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Unsettled(row.getString("call_sid"), row.getString("org_id"),
          row.getString("from_number"), row.getString("parked_by")));
    });
  }

  public Future<Void> forgetUnsettled(Duration olderThan) {
    return pool.preparedQuery(FORGET_UNSETTLED).execute(Tuple.of(olderThan.toMillis())).mapEmpty();
  }

  public Future<List<Parked>> lot(String orgId) {
    return pool.preparedQuery(LOT).execute(Tuple.of(orgId)).map(ParkingSql::all);
  }

  /** Milliseconds until the next park timeout in the lot, or empty when the lot is empty. */
  public Future<Optional<Long>> nextDueMs() {
    return pool.query(NEXT_DUE_MS).execute()
        .map(rows -> Optional.ofNullable(rows.iterator().next().getLong(0)));
  }

  private Future<Optional<Parked>> one(String sql, Tuple args) {
    return one(pool, sql, args);
  }

  private static Future<Optional<Parked>> one(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).map(rows -> {
      List<Parked> all = all(rows);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    });
  }

  private static List<Parked> all(RowSet<Row> rows) {
    List<Parked> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ParkedView view = new ParkedView(
          row.getString("id"), row.getString("call_sid"), row.getString("org_id"), row.getString("from_number"),
          row.getString("parked_by"), row.getString("conference_name"), row.getString("conference_sid"),
          row.getOffsetDateTime("parked_at").toInstant(), row.getOffsetDateTime("timeout_at").toInstant(),
          row.getLong("version"), row.getString("missed_by"), row.getInteger("spot"));
      list.add(new Parked(view, row.getString("state"), row.getString("target_agent"), row.getString("handed_by")));
    }
    return list;
  }
}
