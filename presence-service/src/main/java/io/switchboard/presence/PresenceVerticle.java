package io.switchboard.presence;

import io.switchboard.common.board.BoardDeltas;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.AgentList;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.ConnectionReport;
import io.switchboard.common.contract.SignedOut;
import io.switchboard.common.peers.Peers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;

/**
 * The presence-service on one node: answers status changes, ringable-agent queries, board
 * snapshots and the bridge's connection reports; follows call changes; detects offline agents.
 */
public final class PresenceVerticle extends VerticleBase {
  private final SwitchboardConfig config;
  private final Pool pool;
  private PresenceStore store;
  private OfflineDetector offlineDetector;

  public PresenceVerticle(SwitchboardConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    var timing = config.timing();
    store = new PresenceStore(pool, timing.presenceGrace(), new BoardDeltas(vertx.eventBus()));
    var orgSettings = new OrgSettings(new Peers(vertx.eventBus(), OrgSettings.LOOKUP_TIMEOUT_MS),
        new OrgSettings.Settings(timing.wrapUp(), timing.maxMissedRings()), System::currentTimeMillis);
    var statusSetter = new StatusSetter(store, new Peers(vertx.eventBus()));
    offlineDetector = new OfflineDetector(vertx, store, new ClusterMembership(vertx));
    return Future.all(List.of(
        Bus.serve(vertx, Addresses.PRESENCE_SET_STATUS, statusSetter::handle).completion(),
        Bus.serve(vertx, Addresses.PRESENCE_AVAILABLE, this::available).completion(),
        Bus.serve(vertx, Addresses.BOARD_SNAPSHOT_AGENTS, this::snapshot).completion(),
        Bus.serve(vertx, Addresses.PRESENCE_CONNECTED, this::connected).completion(),
        Bus.serve(vertx, Addresses.PRESENCE_DISCONNECTED, this::disconnected).completion(),
        Bus.serve(vertx, Addresses.PRESENCE_SIGNED_OUT, this::signedOut).completion(),
        new CallActivityListener(vertx, store, orgSettings, new BoardDeltas(vertx.eventBus())).start(),
        offlineDetector.start()));
  }

  @Override
  public Future<?> stop() {
    if (offlineDetector != null) {
      offlineDetector.stop();
    }
    return Future.succeededFuture();
  }

  private Future<JsonObject> available(JsonObject json) {
    return store.availableAgents(BoardQuery.fromJson(json).orgId()).map(PresenceVerticle::agents);
  }

  private Future<JsonObject> snapshot(JsonObject json) {
    return store.orgAgents(BoardQuery.fromJson(json).orgId()).map(PresenceVerticle::agents);
  }

  private Future<JsonObject> connected(JsonObject json) {
    ConnectionReport report = ConnectionReport.fromJson(json);
    return store.change(report.agentId(), report.orgId(),
            PresenceStore.open(report.connectionId(), report.agentId(), report.orgId(), report.nodeId()),
            PresenceStore.Event.NONE)
        .map(PresenceVerticle::viewOrEmpty);
  }

  private Future<JsonObject> disconnected(JsonObject json) {
    ConnectionReport report = ConnectionReport.fromJson(json);
    return store.change(report.agentId(), null, PresenceStore.close(report.connectionId(), report.agentId()),
            PresenceStore.Event.NONE)
        .map(PresenceVerticle::viewOrEmpty);
  }

  private Future<JsonObject> signedOut(JsonObject json) {
    SignedOut request = SignedOut.fromJson(json);
    return store.change(request.agentId(), null, PresenceStore.closeAll(request.agentId()),
            (row, now) -> row.signedOut())
        .map(PresenceVerticle::viewOrEmpty);
  }

  private static JsonObject viewOrEmpty(Optional<AgentPresence> row) {
    return row.map(r -> r.view().toJson()).orElseGet(JsonObject::new);
  }

  private static JsonObject agents(List<AgentPresence> rows) {
    return new AgentList(rows.stream().map(AgentPresence::view).toList()).toJson();
  }
}
