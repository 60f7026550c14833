package io.switchboard.bridge.auth;

import io.switchboard.bridge.directory.DirectorySql;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.contract.SessionRevoked;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dashboard sessions that logged out. Every bridge node keeps all of them in memory until their
 * tokens expire, so checking a token costs no database trip: a logout writes the row and publishes
 * {@link Addresses#SESSIONS_REVOKED} to every node; a node loads the rows when it starts (after it
 * listens, so none is missed) and again every {@link #RELOAD}, in case a publish was lost.
 */
public final class RevokedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(RevokedSessions.class);
  static final Duration RELOAD = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Pool pool;
  /** Session id -> when its token expires (after that the token is refused anyway). */
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public RevokedSessions(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Listens for revocations from every node, then loads those already made. */
  public Future<Void> start() {
    var consumer = vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_REVOKED, m -> learned(m.body()));
    vertx.setPeriodic(RELOAD.toMillis(), id -> reload()
        .onFailure(t -> LOG.warn("could not reload the revoked sessions: {}", t.toString())));
    return consumer.completion().compose(v -> reload());
  }

  /** Called with the session id of every revocation this node learns of (its sockets are closed). */
  public void onRevoked(Consumer<String> listener) {
    listeners.add(listener);
  }

  boolean isRevoked(String sessionId) {
    return revoked.containsKey(sessionId);
  }

  /** Logs {@code user}'s session out on every node; done once the row is written. */
  public Future<Void> revoke(AuthUser user) {
    return pool.preparedQuery(DirectorySql.INSERT_REVOKED_SESSION)
        .execute(Tuple.of(UUID.fromString(user.sessionId()), user.id(), user.expiresAt().atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          // Known here before the logout is answered; the publish reaches the other nodes (and is a
          // no-op on this one).
          remember(user.sessionId(), user.expiresAt());
          vertx.eventBus().publish(Addresses.SESSIONS_REVOKED,
              new SessionRevoked(user.sessionId(), user.expiresAt()).toJson());
          return null;
        });
  }

  private void learned(JsonObject message) {
    SessionRevoked revoked;
    try {
      revoked = SessionRevoked.fromJson(message);
    } catch (RuntimeException e) {
      LOG.warn("ignoring a malformed {} message: {}", Addresses.SESSIONS_REVOKED, e.getMessage());
      return;
    }
    remember(revoked.sessionId(), revoked.expiresAt());
  }

  private void remember(String sessionId, Instant expiresAt) {
    if (revoked.put(sessionId, expiresAt) == null) {
      listeners.forEach(l -> l.accept(sessionId));
    }
  }

  private Future<Void> reload() {
    return pool.query(DirectorySql.LIVE_REVOKED_SESSIONS).execute().map(rows -> {
      Instant now = Instant.now();
      revoked.values().removeIf(expiresAt -> expiresAt.isBefore(now));
      for (Row row : rows) {
        OffsetDateTime expiresAt = row.getOffsetDateTime("expires_at");
        remember(row.getUUID("session_id").toString(), expiresAt.toInstant());
      }
      return null;
    });
  }
}
