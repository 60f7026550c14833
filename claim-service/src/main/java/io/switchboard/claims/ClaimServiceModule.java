package io.switchboard.claims;

import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
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
    return Future.succeededFuture();
  }
}
