package io.switchboard.bridge.admin;

import io.switchboard.bridge.DashboardBridgeModule;
import io.switchboard.bridge.auth.PasswordHasher;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryRules;
import io.switchboard.bridge.directory.DirectoryUser;
import io.switchboard.bridge.directory.Org;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Role;
import io.switchboard.common.db.Database;
import io.switchboard.common.db.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code switchboard admin ...}: sets up the directory without SQL. Runs against the configured
 * database (created and migrated if needed, so it works on a fresh one), prints what it did, and
 * on any problem prints one line and exits non-zero. Runs on the caller's thread, not an event loop.
 */
public final class AdminCommand {
  public static final String PASSWORD_VARIABLE = "SWITCHBOARD_ADMIN_PASSWORD";
  public static final String USAGE = String.join("\n",
      "usage: switchboard admin <command> [options]",
      "  add-org --name NAME [--id ID] [--wrap-up-seconds N] [--park-timeout-seconds N] [--hold-music-url URL]"
          + " [--max-missed-rings N]",
      "  set-org --org ID [--wrap-up-seconds N|default] [--park-timeout-seconds N|default]"
          + " [--hold-music-url URL|default] [--max-missed-rings N|default]",
      "  add-number --org ORG --number +15550001111",
      "  add-user --org ORG --email EMAIL --name NAME --role agent|admin [--id ID] [--password PASSWORD]",
      "           (the password may instead come from " + PASSWORD_VARIABLE + " or be typed at the prompt)",
      "  list");
  static final int OK = 0;
  static final int USAGE_ERROR = 64;
  static final int DATA_ERROR = 65;
  static final int DATABASE_ERROR = 3;
  private static final long TIMEOUT_SECONDS = 30;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Supplier<char[]> passwordPrompt;

  /** {@code passwordPrompt} reads a password from the terminal, or returns null when there is none. */
  public AdminCommand(PrintStream out, PrintStream err, Map<String, String> env, Supplier<char[]> passwordPrompt) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.passwordPrompt = passwordPrompt;
  }

  /** Reads the password twice from the console; null without a console. */
  public static char[] consolePrompt() {
    var console = System.console();
    if (console == null) {
      return null;
    }
    char[] first = console.readPassword("password: ");
    char[] second = console.readPassword("again: ");
    return first != null && Arrays.equals(first, second) ? first : new char[0];
  }

  public int run(SwitchboardConfig config, List<String> args) {
    Request request;
    try {
      request = Request.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("switchboard admin: " + e.getMessage());
      err.println(USAGE);
      return USAGE_ERROR;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = prepare(vertx, config);
      try {
        execute(request, new Directory(pool), new PasswordHasher(vertx, PasswordHasher.DEFAULT_COST));
        return OK;
      } finally {
        pool.close();
      }
    } catch (ReplyException e) {
      err.println("switchboard admin: " + Failures.body(e).getString("message"));
      return Failures.code(e) == FailureCode.UNAVAILABLE ? DATABASE_ERROR : DATA_ERROR;
    } catch (Unreachable e) {
      err.println("switchboard admin: " + e.getMessage());
      return DATABASE_ERROR;
    } catch (Exception e) {
      err.println("switchboard admin: failed: " + rootMessage(e));
      return DATABASE_ERROR;
    } finally {
      vertx.close().timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).await();
    }
  }

  private Pool prepare(Vertx vertx, SwitchboardConfig config) {
    try {
      Database.ensureExists(vertx, config.database())
          .compose(v -> Migrations.migrate(vertx, config.database(), DashboardBridgeModule.SCHEMA))
          .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).await();
    } catch (Exception e) { // await() rethrows checked failures (ConnectException) as they are
      var options = Database.connectOptions(config.database());
      throw new Unreachable("cannot reach PostgreSQL at " + options.getHost() + ":" + options.getPort()
          + "/" + options.getDatabase() + ": " + rootMessage(e));
    }
    return Database.pool(vertx, config.database());
  }

  private void execute(Request request, Directory directory, PasswordHasher hasher) {
    switch (request.command) {
      case "add-org" -> addOrg(request, directory);
      case "set-org" -> setOrg(request, directory);
      case "add-number" -> addNumber(request, directory);
      case "add-user" -> addUser(request, directory, hasher);
      case "list" -> list(directory);
      default -> throw new IllegalStateException("unreachable: " + request.command);
    }
  }

  private void addOrg(Request request, Directory directory) {
    String name = DirectoryRules.name("--name", request.required("--name"));
    String id = DirectoryRules.orgId(request.optional("--id", DirectoryRules.slug(name)));
    Org org = await(directory.addOrg(new Org(id, name, request.integer("--wrap-up-seconds"),
        request.integer("--park-timeout-seconds"), request.optional("--hold-music-url", null),
        missedRings(request.integer("--max-missed-rings")))));
    out.println("added organization " + org.id() + " (" + org.name() + ")");
  }

  /** Changes the settings given of an existing org; {@code default} goes back to the process default. */
  private void setOrg(Request request, Directory directory) {
    String id = DirectoryRules.orgId(request.required("--org"));
    Org org = await(directory.org(id)).orElseThrow(() -> Failures.notFound("no organization '" + id + "'"));
    Org changed = new Org(org.id(), org.name(),
        request.setting("--wrap-up-seconds", org.wrapUpSeconds()),
        request.setting("--park-timeout-seconds", org.parkTimeoutSeconds()),
        request.textSetting("--hold-music-url", org.holdMusicUrl()),
        missedRings(request.setting("--max-missed-rings", org.maxMissedRings())));
    Org stored = await(directory.updateOrgSettings(changed))
        .orElseThrow(() -> Failures.notFound("no organization '" + id + "'"));
    out.println("updated organization " + stored.id() + ":" + (settings(stored).isEmpty() ? " process defaults"
        : settings(stored)));
  }

  /** 0 (never) to 100 unanswered rings in a row, or null for the process default. */
  private static Integer missedRings(Integer value) {
    if (value != null && (value < 0 || value > 100)) {
      throw Failures.badRequest("--max-missed-rings must be between 0 (never put away) and 100, got " + value);
    }
    return value;
  }

  private void addNumber(Request request, Directory directory) {
    String org = DirectoryRules.orgId(request.required("--org"));
    String number = DirectoryRules.number(request.required("--number"));
    await(directory.addNumber(org, number));
    out.println("added number " + number + " to " + org);
  }

  private void addUser(Request request, Directory directory, PasswordHasher hasher) {
    String org = DirectoryRules.orgId(request.required("--org"));
    String email = DirectoryRules.email(request.required("--email"));
    String name = DirectoryRules.name("--name", request.required("--name"));
    Role role = DirectoryRules.role(request.required("--role"));
    String id = DirectoryRules.userId(request.optional("--id", defaultUserId(email)));
    String password = DirectoryRules.password(password(request));
    DirectoryUser user = await(directory.addUser(
        new DirectoryUser(id, org, email, name, role, hasher.hashBlocking(password))));
    out.println("added " + user.roleName() + " " + user.id() + " <" + user.email() + "> to " + org);
  }

  private String password(Request request) {
    String given = request.optional("--password", env.get(PASSWORD_VARIABLE));
    if (given != null) {
      return given;
    }
    char[] typed = passwordPrompt.get();
    if (typed == null) {
      throw Failures.badRequest("no password: give --password, set " + PASSWORD_VARIABLE + ", or run in a terminal");
    }
    if (typed.length == 0) {
      throw Failures.badRequest("the passwords typed do not match");
    }
    return new String(typed);
  }

  private void list(Directory directory) {
    List<Org> orgs = await(directory.orgs());
    List<String[]> numbers = await(directory.allNumbers());
    List<DirectoryUser> users = await(directory.allUsers());
    if (orgs.isEmpty()) {
      out.println("no organizations yet: switchboard admin add-org --name NAME");
    }
    for (Org org : orgs) {
      out.println(org.id() + "  " + org.name() + settings(org));
      numbers.stream().filter(n -> n[1].equals(org.id())).forEach(n -> out.println("  number  " + n[0]));
      users.stream().filter(u -> u.orgId().equals(org.id())).forEach(u ->
          out.println("  " + u.roleName() + "   " + u.id() + "  <" + u.email() + ">  " + u.name()));
    }
  }

  private static String settings(Org org) {
    StringBuilder s = new StringBuilder();
    if (org.wrapUpSeconds() != null) {
      s.append("  wrap-up ").append(org.wrapUpSeconds()).append(" s");
    }
    if (org.parkTimeoutSeconds() != null) {
      s.append("  park timeout ").append(org.parkTimeoutSeconds()).append(" s");
    }
    if (org.maxMissedRings() != null) {
      s.append("  away after ").append(org.maxMissedRings()).append(" missed rings");
    }
    if (org.holdMusicUrl() != null) {
      s.append("  hold music ").append(org.holdMusicUrl());
    }
    return s.toString();
  }

  /** A readable, collision-resistant id: the mailbox name plus six random hex digits. */
  private static String defaultUserId(String email) {
    String local = DirectoryRules.slug(email.substring(0, email.indexOf('@')));
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return (local.length() > 50 ? local.substring(0, 50) : local) + "-" + HexFormat.of().formatHex(random);
  }

  private static <T> T await(Future<T> future) {
    return future.timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).await();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }

  /** The database could not be created, migrated or reached; the message is the operator's line. */
  private static final class Unreachable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreachable(String line) {
      super(line);
    }
  }

  /** The sub-command and its {@code --option value} pairs. */
  private record Request(String command, Map<String, String> options) {
    private static final Map<String, Set<String>> OPTIONS = Map.of(
        "add-org", Set.of("--name", "--id", "--wrap-up-seconds", "--park-timeout-seconds", "--hold-music-url",
            "--max-missed-rings"),
        "set-org", Set.of("--org", "--wrap-up-seconds", "--park-timeout-seconds", "--hold-music-url",
            "--max-missed-rings"),
        "add-number", Set.of("--org", "--number"),
        "add-user", Set.of("--org", "--email", "--name", "--role", "--id", "--password"),
        "list", Set.of());

    static Request parse(List<String> args) {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("no admin command given");
      }
      String command = args.get(0);
      Set<String> allowed = OPTIONS.get(command);
      if (allowed == null) {
        throw new IllegalArgumentException("unknown admin command '" + command + "'");
      }
      Map<String, String> options = new HashMap<>();
      for (int i = 1; i < args.size(); i += 2) {
        String key = args.get(i);
        if (!allowed.contains(key)) {
          throw new IllegalArgumentException(command + " has no option '" + key + "'");
        }
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(key + " needs a value");
        }
        options.put(key, args.get(i + 1));
      }
      return new Request(command, options);
    }

    String required(String key) {
      String value = options.get(key);
      if (value == null || value.isBlank()) {
        throw Failures.badRequest(command + " needs " + key);
      }
      return value;
    }

    String optional(String key, String fallback) {
      String value = options.get(key);
      return value == null || value.isBlank() ? fallback : value;
    }

    boolean has(String key) {
      return options.containsKey(key);
    }

    /** A setting to change: absent keeps {@code current}, {@code default} clears it, else a whole number. */
    Integer setting(String key, Integer current) {
      if (!has(key)) {
        return current;
      }
      return "default".equals(options.get(key).trim()) ? null : integer(key);
    }

    /** As {@link #setting} for a text setting. */
    String textSetting(String key, String current) {
      if (!has(key)) {
        return current;
      }
      String value = optional(key, null);
      return value == null || "default".equals(value.trim()) ? null : value;
    }

    Integer integer(String key) {
      String value = options.get(key);
      if (value == null) {
        return null;
      }
      try {
        return Integer.valueOf(value.trim());
      } catch (NumberFormatException e) {
        throw Failures.badRequest(key + " must be a whole number, got '" + value + "'");
      }
    }
  }
}
