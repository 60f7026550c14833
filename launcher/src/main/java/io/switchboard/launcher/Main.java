package io.switchboard.launcher;

import io.switchboard.bridge.admin.AdminCommand;
import io.switchboard.bridge.admin.DemoDirectory;
import io.switchboard.common.config.ConfigException;
import io.switchboard.common.config.ConfigLoader;
import io.switchboard.common.config.Setting;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.service.ServiceModule;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code switchboard <command>}: runs the demo, all services, or one service, until SIGTERM or
 * Ctrl-C. Every start-up failure is one line on stderr and a non-zero exit code, never a trace.
 */
public final class Main {
  private Main() {}

  public static void main(String[] argv) {
    int code = run(argv, System.getenv(), System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] argv, Map<String, String> environment, PrintStream err) {
    Command command;
    try {
      command = Command.parse(argv);
    } catch (IllegalArgumentException e) {
      err.println("switchboard: " + e.getMessage());
      err.println(Command.USAGE);
      return 64;
    }
    if ("help".equals(command.name()) || "--help".equals(command.name())) {
      err.println(Command.USAGE);
      return 0;
    }
    if ("admin".equals(command.name())) {
      return admin(command, environment, err);
    }
    List<ServiceModule> modules = modulesFor(command.name());
    if (modules == null) {
      err.println("switchboard: unknown command '" + command.name() + "'");
      err.println(Command.USAGE);
      return 64;
    }
    Map<String, String> env = settingsFor(command, environment);
    SwitchboardConfig config;
    try {
      config = ConfigLoader.fromEnvironment(env, requiredSettings(modules));
    } catch (ConfigException e) {
      err.println("switchboard: " + e.getMessage());
      return StartupException.CONFIG;
    }
    // Before the first logger exists: logback picks its console format from this property.
    System.setProperty("switchboard.log.format", config.logFormat().name().toLowerCase(Locale.ROOT));
    return serve(command, config, modules, err);
  }

  /** {@code switchboard admin ...}: directory set-up against the configured database, then exit. */
  private static int admin(Command command, Map<String, String> environment, PrintStream err) {
    SwitchboardConfig config;
    try {
      config = ConfigLoader.fromEnvironment(settingsFor(command, environment), Set.of());
    } catch (ConfigException e) {
      err.println("switchboard: " + e.getMessage());
      return StartupException.CONFIG;
    }
    return new AdminCommand(System.out, err, environment, AdminCommand::consolePrompt).run(config, command.args());
  }

  private static List<ServiceModule> modulesFor(String name) {
    return switch (name) {
      case "demo" -> Services.everything();
      case "all" -> Services.production();
      default -> name.contains(",") ? Services.byNames(List.of(name.split(",", -1)))
          : Services.byName(name).map(List::of).orElse(null);
    };
  }

  private static Map<String, String> settingsFor(Command command, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    if (command.configFile() != null) {
      env.put(ConfigLoader.CONFIG_FILE_VARIABLE, command.configFile());
    }
    if (command.cluster()) {
      env.put(Setting.SWITCHBOARD_CLUSTER.name(), "true");
    }
    return "demo".equals(command.name()) ? DemoDefaults.apply(env) : env;
  }

  private static Set<Setting> requiredSettings(List<ServiceModule> modules) {
    Set<Setting> required = new LinkedHashSet<>();
    modules.forEach(m -> required.addAll(m.requiredSettings()));
    return required;
  }

  private static int serve(Command command, SwitchboardConfig config, List<ServiceModule> modules, PrintStream err) {
    var log = LoggerFactory.getLogger(Main.class);
    SwitchboardProcess process;
    try {
      process = SwitchboardProcess.start(config, modules).await();
    } catch (StartupException e) {
      err.println("switchboard: " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("switchboard: failed to start: " + SwitchboardProcess.rootMessage(e));
      return 1;
    }
    if ("demo".equals(command.name())) {
      try {
        DemoDirectory.ensure(process.vertx(), process.pool()).await();
      } catch (RuntimeException e) {
        err.println("switchboard: could not create the demo organization: " + SwitchboardProcess.rootMessage(e));
        stopQuietly(process);
        return 1;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: finishing in-flight requests");
      try {
        process.stop();
        log.info("stopped");
      } catch (Exception e) {
        log.warn("stop did not complete cleanly: {}", e.toString());
      } finally {
        stopped.countDown();
        flushLogs();
      }
    }, "switchboard-shutdown"));
    String url = "http://localhost:" + process.httpPort();
    log.info("switchboard {} ready on {} (health: {}/health/ready)", command.name(), url, url);
    if ("demo".equals(command.name())) {
      printDemoWelcome(url, config);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void stopQuietly(SwitchboardProcess process) {
    try {
      process.stop();
    } catch (Exception ignored) {
      // exiting anyway; the one-line error has been printed
    }
  }

  private static void printDemoWelcome(String url, SwitchboardConfig config) {
    StringBuilder text = new StringBuilder("\n  Switchboard demo: open ").append(url).append("\n\n");
    text.append("  Sign in as (email / password):\n");
    for (DemoDirectory.Login login : DemoDirectory.LOGINS) {
      text.append(String.format("    %-28s %-10s %s%n", login.email(), login.password(),
          "(" + login.role().name().toLowerCase(Locale.ROOT) + ")"));
    }
    text.append("\n  The demo number is ").append(DemoDirectory.NUMBER)
        .append(": use \"Place test call\" on the board. telephony-sim plays Twilio on port ")
        .append(config.sim().port()).append(".\n  Ctrl-C stops everything.\n");
    System.out.println(text);
  }

  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.stop();
    }
  }
}
