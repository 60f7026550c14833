package io.switchboard.claims;

import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;

/** The claim-service: the call state machine and first-answer-wins claims. */
public final class ClaimServiceModule implements ServiceModule {
  /** The PostgreSQL schema this service owns. */
  public static final String SCHEMA = "claims";

  @Override
  public String name() {
    return "claim-service";
  }

  @Override
  public Optional<String> schema() {
    return Optional.of(SCHEMA);
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
    CallSql sql = new CallSql(pool);
    BoardPublisher publisher = new BoardPublisher(vertx.eventBus());
    CallAccess access = new CallAccess(vertx.eventBus());
    CallTransitions transitions = new CallTransitions(sql, publisher, access);
    // Claim batches in flight: half the pool (4 of the default 8 measured best in the claims
    // bench), so transitions and expiry still find a connection while claims pour in.
    int batchesInFlight = Math.max(1, config.database().poolSize() / 2);
    ClaimArbiter arbiter = new ClaimArbiter(sql, transitions, access, publisher,
        config.timing().claimConnectTimeout(), batchesInFlight);
    return vertx.deployVerticle(new CallStateVerticle(transitions))
        .compose(stateId -> vertx.deployVerticle(arbiter)
            .map(arbiterId -> new Deployment(vertx, List.of(stateId, arbiterId), arbiter)));
  }

  /** What {@link #deployVerticles} started. */
  public record Deployment(Vertx vertx, List<String> deploymentIds, ClaimArbiter arbiter) {
    public Future<Void> undeploy() {
      return Future.all(deploymentIds.stream().map(vertx::undeploy).toList()).mapEmpty();
    }
  }
}
