package io.switchboard.launcher;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.claims.ClaimServiceModule;
import io.switchboard.common.service.ServiceModule;
import io.switchboard.parking.ParkingServiceModule;
import io.switchboard.presence.PresenceServiceModule;
import io.switchboard.sim.TelephonySimModule;
import io.switchboard.voice.VoiceWebhookModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Every service the launcher can run, by its command-line name, in start-up order. */
final class Services {
  static final String TELEPHONY_SIM = "telephony-sim";

  /** Owners first, so a service that asks another at start finds it deployed. */
  private static final Map<String, Supplier<ServiceModule>> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("claim-service", ClaimServiceModule::new);
    SERVICES.put("presence-service", PresenceServiceModule::new);
    SERVICES.put("parking-service", ParkingServiceModule::new);
    SERVICES.put("voice-webhook-service", VoiceWebhookModule::new);
    SERVICES.put("dashboard-bridge", DashboardBridgeModule::new);
    SERVICES.put(TELEPHONY_SIM, TelephonySimModule::new);
  }

  private Services() {}

  static List<String> names() {
    return List.copyOf(SERVICES.keySet());
  }

  static Optional<ServiceModule> byName(String name) {
    return Optional.ofNullable(SERVICES.get(name)).map(Supplier::get);
  }

  /**
   * Several services in one process, in start-up order whatever order they were named in, each
   * once; null when a name is unknown or blank.
   */
  static List<ServiceModule> byNames(List<String> names) {
    List<String> wanted = names.stream().map(String::strip).toList();
    if (wanted.isEmpty() || wanted.stream().anyMatch(n -> !SERVICES.containsKey(n))) {
      return null;
    }
    List<ServiceModule> modules = new ArrayList<>();
    SERVICES.forEach((name, factory) -> {
      if (wanted.contains(name)) {
        modules.add(factory.get());
      }
    });
    return modules;
  }

  /** The five Switchboard services, without the simulator: what {@code all} runs. */
  static List<ServiceModule> production() {
    List<ServiceModule> modules = new ArrayList<>();
    SERVICES.forEach((name, factory) -> {
      if (!TELEPHONY_SIM.equals(name)) {
        modules.add(factory.get());
      }
    });
    return modules;
  }

  /** Everything, simulator included: what {@code demo} runs. */
  static List<ServiceModule> everything() {
    return SERVICES.values().stream().map(Supplier::get).toList();
  }
}
