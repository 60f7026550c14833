package io.switchboard.launcher;

import java.util.ArrayList;
import java.util.List;

/** The parsed command line: {@code <command> [--cluster] [--config FILE] [args...]}. */
record Command(String name, boolean cluster, String configFile, List<String> args) {

  static final String USAGE = String.join("\n",
      "usage: switchboard <command> [--cluster] [--config FILE]",
      "  demo                    every service and telephony-sim in one process, with a demo org",
      "  all                     the five Switchboard services in one process (real Twilio)",
      "  claim-service | presence-service | parking-service | voice-webhook-service",
      "  dashboard-bridge | telephony-sim",
      "                          one service",
      "  a,b,...  |  --services a,b,...",
      "                          several of the services above in one process, e.g. parking-service,presence-service",
      "  admin add-org|add-number|add-user|list ...",
      "                          set up organizations, numbers and users (run 'switchboard admin' for options)",
      "  test [maven options]    the whole test suite (mvn verify; ./switchboard script only)",
      "  bench claims|fanout|webhook|ring|memory|all",
      "                          one benchmark against its baseline (./switchboard script only)",
      "  soak [--minutes N]      the hardening soak on its own database (./switchboard script only)",
      "  --cluster               join the Hazelcast cluster (same as SWITCHBOARD_CLUSTER=true)",
      "  --config FILE           read KEY=value settings from FILE (environment variables win)");

  static Command parse(String[] argv) {
    String name = null;
    boolean cluster = false;
    String configFile = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if ("--cluster".equals(arg)) {
        cluster = true;
      } else if ("--services".equals(arg)) {
        if (i + 1 >= argv.length || name != null) {
          throw new IllegalArgumentException("--services needs a comma-separated list and no other command");
        }
        name = argv[++i];
      } else if ("--config".equals(arg)) {
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException("--config needs a file");
        }
        configFile = argv[++i];
      } else if (name == null && !arg.startsWith("--")) {
        name = arg;
      } else {
        rest.add(arg);
      }
    }
    if (name == null) {
      throw new IllegalArgumentException("no command given");
    }
    return new Command(name, cluster, configFile, List.copyOf(rest));
  }
}
