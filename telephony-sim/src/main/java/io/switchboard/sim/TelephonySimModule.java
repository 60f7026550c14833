package io.switchboard.sim;

import io.switchboard.common.config.Setting;
import io.switchboard.common.service.ServiceContext;
import io.switchboard.common.service.ServiceModule;
import io.vertx.core.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telephony-sim as a launcher service: a Twilio-compatible simulator on its own port
 * ({@code SIM_PORT}), playing the configured Twilio account, sending new calls to
 * {@code SIM_WEBHOOK_URL}.
 */
public final class TelephonySimModule implements ServiceModule {
  private static final Logger LOG = LoggerFactory.getLogger(TelephonySimModule.class);

  @Override
  public String name() {
    return "telephony-sim";
  }

  @Override
  public Set<Setting> requiredSettings() {
    return Set.of(Setting.TWILIO_ACCOUNT_SID, Setting.TWILIO_AUTH_TOKEN);
  }

  @Override
  public Future<Void> deploy(ServiceContext context) {
    SimOptions options = SimOptions.from(context.config());
    return TelephonySim.start(context.vertx(), options)
        .onSuccess(sim -> LOG.info("telephony-sim listening on {} (time scale {}, voice URL {})", sim.baseUrl(),
            options.timeScale(), options.voiceUrl()))
        .mapEmpty();
  }
}
