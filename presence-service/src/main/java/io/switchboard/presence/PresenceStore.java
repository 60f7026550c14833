package io.switchboard.presence;

import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.db.ActOnce;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads and changes agent presence in PostgreSQL. A change runs in one transaction: lock the
 * agent's row, edit its connections, count the live ones, apply the event, settle the status, write
 * it back only if something changed, and publish the card after commit only if the card changed.
 * The lock makes events from several presence instances apply one after another, and settling
 * against the stored row makes a repeated event a no-op (no second version bump).
 */
final class PresenceStore {
  /** One event on one agent's row, given the database clock. */
  @FunctionalInterface
  interface Event {
    AgentPresence apply(AgentPresence row, Instant now);

    Event NONE = (row, now) -> row;
  }

  /** An edit of the agent's connections inside the same transaction. */
  @FunctionalInterface
  interface ConnectionEdit {
    Future<?> apply(SqlConnection conn);

    ConnectionEdit NONE = conn -> Future.succeededFuture();
  }

  private final Pool pool;
  private final Duration grace;
  private final BoardDeltas board;
  private final ActOnce once;

  PresenceStore(Pool pool, Duration grace, BoardDeltas board) {
    this.pool = pool;
    this.grace = grace;
    this.board = board;
    this.once = new ActOnce(pool, PresenceServiceModule.SCHEMA);
  }

  /**
   * Applies {@code event} to {@code agentId}. When presence does not know the agent yet, it is
   * created in {@code orgIfNew}, or, when that is null, nothing happens and the result is empty.
   */
  Future<Optional<AgentPresence>> change(String agentId, String orgIfNew, ConnectionEdit edit, Event event) {
    return pool.withTransaction(conn -> changeIn(conn, agentId, orgIfNew, edit, event))
        .map(changed -> {
          changed.filter(Changed::cardChanged).ifPresent(c -> board.agent(c.row().view()));
          return changed.map(Changed::row);
        });
  }

  /**
   * Applies one call change in one transaction, unless a change of the same or a newer version of
   * this call was applied before (by this or another presence instance: {@link ActOnce}):
   * {@code holder} (may be null) takes the call through {@code hold}, each agent in {@code missed}
   * (rung, not answered by anyone, not declined) goes through {@code miss}, and every other agent
   * holding the call lets go of it through {@code release}. Agents are locked in id order, so two
   * call changes touching the same agents cannot deadlock. Returns the agents whose card changed.
   */
  Future<List<AgentPresence>> applyCall(String callSid, long callVersion, String orgId, String holder,
      List<String> missed, Event hold, Event release, Event miss) {
    return once.onCallChange(callSid, callVersion, conn -> conn.preparedQuery(PresenceSql.HOLDERS_OF_CALL)
            .execute(Tuple.of(callSid))
            .compose(rows -> changeAll(conn, callAgents(column(rows, "agent_id"), holder, missed),
                agentId -> {
                  if (agentId.equals(holder)) {
                    return changeIn(conn, agentId, orgId, ConnectionEdit.NONE, hold);
                  }
                  // A missed agent presence has never seen (it never had a dashboard) stays unknown.
                  return changeIn(conn, agentId, null, ConnectionEdit.NONE,
                      missed.contains(agentId) ? miss : release);
                })))
        .map(changes -> {
          List<AgentPresence> cards = changes.orElse(List.of()).stream().filter(Changed::cardChanged)
              .map(Changed::row).toList();
          cards.forEach(row -> board.agent(row.view()));
          return cards;
        });
  }

  private static List<String> callAgents(List<String> holders, String holder, List<String> missed) {
    TreeSet<String> agents = new TreeSet<>(holders);
    agents.addAll(missed);
    if (holder != null) {
      agents.add(holder);
    }
    return List.copyOf(agents);
  }

  /** Runs the changes one after another on the transaction's connection. */
  private static Future<List<Changed>> changeAll(SqlConnection conn, List<String> agentIds,
      Function<String, Future<Optional<Changed>>> change) {
    Future<List<Changed>> chain = Future.succeededFuture(new ArrayList<>());
    for (String agentId : agentIds) {
      chain = chain.compose(list -> change.apply(agentId).map(changed -> {
        changed.ifPresent(list::add);
        return list;
      }));
    }
    return chain;
  }

  private Future<Optional<Changed>> changeIn(SqlConnection conn, String agentId, String orgIfNew,
      ConnectionEdit edit, Event event) {
    return lockOrCreate(conn, agentId, orgIfNew).compose(locked -> {
      if (locked.isEmpty()) {
        return Future.succeededFuture(Optional.<Changed>empty());
      }
      AgentPresence before = locked.get().row();
      Instant now = locked.get().now();
      return edit.apply(conn)
          .compose(v -> countConnections(conn, agentId))
          .compose(connections -> {
            AgentPresence after = event.apply(before, now).settle(now, connections, grace);
            boolean cardChanged = after.cardDiffers(before);
            AgentPresence stored = cardChanged ? after.withVersion(before.version() + 1) : after;
            Future<?> written = stored.equals(before) ? Future.succeededFuture() : write(conn, stored);
            return written.map(w -> Optional.of(new Changed(stored, cardChanged)));
          });
    });
  }

  /** Re-settles an agent against the clock and its connections (a deadline ran out, a node left). */
  Future<Optional<AgentPresence>> resettle(String agentId) {
    return change(agentId, null, ConnectionEdit.NONE, Event.NONE);
  }

  Future<Optional<AgentPresence>> find(String agentId) {
    return pool.preparedQuery(PresenceSql.FIND_AGENT).execute(Tuple.of(agentId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toPresence(rows.iterator().next())));
  }

  Future<List<AgentPresence>> orgAgents(String orgId) {
    return pool.preparedQuery(PresenceSql.ORG_AGENTS).execute(Tuple.of(orgId)).map(PresenceStore::toList);
  }

  Future<List<AgentPresence>> availableAgents(String orgId) {
    return pool.preparedQuery(PresenceSql.AVAILABLE_AGENTS).execute(Tuple.of(orgId)).map(PresenceStore::toList);
  }

  Future<List<String>> dueAgents() {
    return pool.query(PresenceSql.DUE_AGENTS).execute().map(rows -> column(rows, "agent_id"));
  }

  Future<List<String>> orphanedAgents() {
    return pool.query(PresenceSql.ORPHANED_AGENTS).execute().map(rows -> column(rows, "agent_id"));
  }

  /** Drops every connection of a node and returns the agents that had one there. */
  Future<List<String>> dropNode(String nodeId) {
    return pool.preparedQuery(PresenceSql.DELETE_NODE_CONNECTIONS).execute(Tuple.of(nodeId))
        .map(rows -> column(rows, "agent_id").stream().distinct().toList());
  }

  Future<List<String>> connectionNodes() {
    return pool.query(PresenceSql.CONNECTION_NODES).execute().map(rows -> column(rows, "node_id"));
  }

  static ConnectionEdit open(String connectionId, String agentId, String orgId, String nodeId) {
    return conn -> conn.preparedQuery(PresenceSql.INSERT_CONNECTION)
        .execute(Tuple.of(connectionId, agentId, orgId, nodeId));
  }

  static ConnectionEdit closeAll(String agentId) {
    return conn -> conn.preparedQuery(PresenceSql.DELETE_AGENT_CONNECTIONS).execute(Tuple.of(agentId));
  }

  static ConnectionEdit close(String connectionId, String agentId) {
    return conn -> conn.preparedQuery(PresenceSql.DELETE_CONNECTION).execute(Tuple.of(connectionId, agentId));
  }

  private record Locked(AgentPresence row, Instant now) {}

  private record Changed(AgentPresence row, boolean cardChanged) {}

  private Future<Optional<Locked>> lockOrCreate(SqlConnection conn, String agentId, String orgIfNew) {
    return lock(conn, agentId).compose(found -> {
      if (found.isPresent() || orgIfNew == null) {
        return Future.succeededFuture(found);
      }
      return conn.preparedQuery(PresenceSql.INSERT_UNKNOWN_AGENT).execute(Tuple.of(agentId, orgIfNew))
          .compose(v -> lock(conn, agentId));
    });
  }

  private static Future<Optional<Locked>> lock(SqlConnection conn, String agentId) {
    return conn.preparedQuery(PresenceSql.LOCK_AGENT).execute(Tuple.of(agentId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Locked(toPresence(row), instant(row, "now")));
    });
  }

  private static Future<Long> countConnections(SqlConnection conn, String agentId) {
    return conn.preparedQuery(PresenceSql.COUNT_CONNECTIONS).execute(Tuple.of(agentId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static Future<?> write(SqlConnection conn, AgentPresence p) {
    return conn.preparedQuery(PresenceSql.UPDATE_AGENT).execute(Tuple.from(new Object[] {
        p.agentId(), dbStatus(p.status()), dbStatus(p.chosen()), p.callSid(), odt(p.wrapUpUntil()), p.online(),
        odt(p.offlineAt()), odt(p.idleSince()), p.version(), p.missedRings(), p.awayReason()}));
  }

  static AgentPresence toPresence(Row row) {
    return new AgentPresence(
        row.getString("agent_id"),
        row.getString("org_id"),
        status(row.getString("status")),
        status(row.getString("chosen")),
        row.getString("call_sid"),
        instant(row, "wrap_up_until"),
        row.getBoolean("online"),
        instant(row, "offline_at"),
        instant(row, "idle_since"),
        row.getInteger("missed_rings"),
        row.getString("away_reason"),
        row.getLong("version"));
  }

  private static List<AgentPresence> toList(RowSet<Row> rows) {
    List<AgentPresence> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(toPresence(row)));
    return list;
  }

  private static List<String> column(RowSet<Row> rows, String name) {
    List<String> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(row.getString(name)));
    return list;
  }

  private static String dbStatus(AgentStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static AgentStatus status(String value) {
    return AgentStatus.valueOf(value.toUpperCase(Locale.ROOT));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  private static OffsetDateTime odt(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
