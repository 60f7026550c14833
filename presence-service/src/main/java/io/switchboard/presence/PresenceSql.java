package io.switchboard.presence;

/**
 * Every SQL statement of the presence-service, so its whole data access reads in one place.
 * Writes to one agent always start by locking its row ({@link #LOCK_AGENT}), so concurrent events
 * and several presence instances apply one after another and each sees the other's result.
 */
final class PresenceSql {
  private PresenceSql() {}

  private static final String COLUMNS = "agent_id, org_id, status, chosen, call_sid, wrap_up_until, "
      + "online, offline_at, idle_since, missed_rings, away_reason, version";

  static final String LOCK_AGENT =
      "SELECT " + COLUMNS + ", now() AS now FROM presence.agent_presence WHERE agent_id = $1 FOR UPDATE";

  /** A first sighting; the row starts offline at version 0 and the caller then applies the event. */
  static final String INSERT_UNKNOWN_AGENT =
      "INSERT INTO presence.agent_presence (agent_id, org_id, status, version) VALUES ($1, $2, 'offline', 0) "
          + "ON CONFLICT (agent_id) DO NOTHING";

  static final String UPDATE_AGENT =
      "UPDATE presence.agent_presence SET status = $2, chosen = $3, call_sid = $4, wrap_up_until = $5, "
          + "online = $6, offline_at = $7, idle_since = $8, version = $9, missed_rings = $10, away_reason = $11, "
          + "updated_at = now() WHERE agent_id = $1";

  static final String FIND_AGENT =
      "SELECT " + COLUMNS + " FROM presence.agent_presence WHERE agent_id = $1";

  static final String ORG_AGENTS =
      "SELECT " + COLUMNS + " FROM presence.agent_presence WHERE org_id = $1 ORDER BY agent_id";

  /**
   * Ringable agents, longest idle first. An agent whose offline deadline has passed is left out
   * even before the sweep has marked it offline.
   */
  static final String AVAILABLE_AGENTS =
      "SELECT " + COLUMNS + " FROM presence.agent_presence WHERE org_id = $1 AND status = 'available' "
          + "AND (offline_at IS NULL OR offline_at > now()) ORDER BY idle_since, agent_id";

  /** Agents holding call {@code $1}. */
  static final String HOLDERS_OF_CALL =
      "SELECT agent_id FROM presence.agent_presence WHERE call_sid = $1";

  static final String INSERT_CONNECTION =
      "INSERT INTO presence.agent_connections (connection_id, agent_id, org_id, node_id) VALUES ($1, $2, $3, $4) "
          + "ON CONFLICT (connection_id) DO NOTHING";

  static final String DELETE_CONNECTION =
      "DELETE FROM presence.agent_connections WHERE connection_id = $1 AND agent_id = $2";

  /** The agent signed out: none of its dashboards counts any more (they are being closed). */
  static final String DELETE_AGENT_CONNECTIONS =
      "DELETE FROM presence.agent_connections WHERE agent_id = $1";

  static final String COUNT_CONNECTIONS =
      "SELECT count(*) AS n FROM presence.agent_connections WHERE agent_id = $1";

  /** A node left the cluster: its sockets are gone. Returns whose, so their grace can start. */
  static final String DELETE_NODE_CONNECTIONS =
      "DELETE FROM presence.agent_connections WHERE node_id = $1 RETURNING agent_id";

  /**
   * Connections of nodes that are no longer members. Only rows older than a few seconds, so a
   * node that has just joined is not mistaken for a dead one before membership reaches us.
   */
  static final String CONNECTION_NODES =
      "SELECT DISTINCT node_id FROM presence.agent_connections WHERE opened_at < now() - interval '5 seconds'";

  /** Agents whose wrap-up or grace period has run out: the sweep re-settles them. */
  static final String DUE_AGENTS =
      "SELECT agent_id FROM presence.agent_presence WHERE wrap_up_until <= now() OR offline_at <= now()";

  /** Online agents without any connection and no grace running: missed events, caught up. */
  static final String ORPHANED_AGENTS =
      "SELECT p.agent_id FROM presence.agent_presence p WHERE p.online AND p.offline_at IS NULL "
          + "AND NOT EXISTS (SELECT 1 FROM presence.agent_connections c WHERE c.agent_id = p.agent_id)";
}
