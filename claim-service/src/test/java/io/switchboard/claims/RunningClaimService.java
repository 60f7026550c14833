package io.switchboard.claims;

import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** A claim-service on a Vert.x of its own over a test class's fresh database, as most claim tests want it. */
record RunningClaimService(Vertx vertx, Pool pool, ClaimServiceClient client, ClaimServiceModule.Deployment service) {

  static RunningClaimService start(TestDatabase db) {
    Vertx vertx = Vertx.vertx();
    db.migrate(vertx, ClaimServiceModule.SCHEMA).await();
    Pool pool = db.pool(vertx);
    ClaimServiceModule.Deployment service = ClaimServiceModule.deployVerticles(vertx, db.config(), pool).await();
    return new RunningClaimService(vertx, pool, new ClaimServiceClient(vertx), service);
  }

  void stop() {
    vertx.close().await();
  }
}
