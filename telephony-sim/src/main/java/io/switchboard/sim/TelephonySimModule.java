package io.switchboard.sim;

import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;

/** The telephony-sim: a Twilio-compatible simulator for the demo, the tests and the benchmarks. */
public final class TelephonySimModule implements ServiceModule {
  @Override
  public String name() {
    return "telephony-sim";
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    return Future.succeededFuture();
  }
}
