package io.switchboard.claims;

import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.config.TimeScale;
import io.switchboard.common.db.Database;
import io.switchboard.common.peers.Peers;
import io.switchboard.common.service.SchemaOwningModule;
import io.switchboard.common.service.ServiceContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The claim-service: the call state machine and first-answer-wins claims. */
public final class ClaimServiceModule extends SchemaOwningModule {
  static final Duration STALE_RINGING_MARGIN = Duration.ofMinutes(1);
  static final Duration STALE_RINGING_SWEEP = Duration.ofSeconds(30);

  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "claims";

  public ClaimServiceModule() {
    super("claim-service", SCHEMA, Set.of());
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    return deployVerticles(context.vertx(), context.config(), context.pool()).mapEmpty();
  }

  /**
   * Deploys the call-state verticle and the one claim arbiter of this process on {@code pool};
   * returns the deployment ids (tests undeploy them to restart the service).
   */
  public static Future<Deployment> deployVerticles(Vertx vertx, SwitchboardConfig config, Pool pool) {
    // Claim batches in flight, each on a connection of its own: half the pool size (4 by default
    // measured better than 1 or 2 in the claims bench: PostgreSQL runs one batch while another flushes).
    int batchesInFlight = Math.max(1, config.database().poolSize() / 2);
    Pool claimPool = Database.pool(vertx, config.database(), batchesInFlight, Database.GENERIC_PLANS);
    CallSql sql = new CallSql(pool, claimPool);
    StatsPusher stats = new StatsPusher(vertx, sql, StatsPusher.COALESCE);
    BoardPublisher publisher = new BoardPublisher(vertx.eventBus(), stats::changed);
    CallAccess access = new CallAccess(new Peers(vertx.eventBus()));
    CallTransitions transitions = new CallTransitions(sql, publisher, access);
    ClaimArbiter arbiter = new ClaimArbiter(sql, transitions, access, publisher,
        config.timing().claimConnectTimeout(), batchesInFlight);
    // A call rings at most the ring timeout (then voicemail); a minute later it rings nowhere. The
    // minute is real time even under the simulator's time scale: it is slack for webhooks in flight.
    Duration staleRinging = TimeScale.scaled(config, config.timing().ringTimeout()).plus(STALE_RINGING_MARGIN);
    return vertx.deployVerticle(new CallStateVerticle(transitions, staleRinging, STALE_RINGING_SWEEP))
        .compose(stateId -> vertx.deployVerticle(arbiter)
            .map(arbiterId -> new Deployment(vertx, List.of(stateId, arbiterId), arbiter, claimPool)));
  }

  /** What {@link #deployVerticles} started. */
  public record Deployment(Vertx vertx, List<String> deploymentIds, ClaimArbiter arbiter, Pool claimPool) {
    public Future<Void> undeploy() {
      return Future.all(deploymentIds.stream().map(vertx::undeploy).toList())
          .eventually(claimPool::close)
          .mapEmpty();
    }
  }
}
