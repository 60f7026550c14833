package io.switchboard.hardening;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Two organizations for the hardening runs, written straight into the directory tables (the
 * bridge's admin command does the same through its own code; here bcrypt runs at its lowest cost
 * so seeding dozens of agents takes milliseconds). Passwords are {@code pw-<user id>}.
 */
public final class Seed {
  public static final String ORG_A = "acme";
  public static final String ORG_B = "globex";
  public static final String NUMBER_A = "+15550001000";
  public static final String NUMBER_B = "+15550002000";
  private static final int COST = 4;

  /** One seeded user. */
  public record User(String id, String orgId, String email, String password, boolean admin) {}

  /** What was seeded: per org, its agents and its admin. */
  public record Orgs(List<User> agentsA, User adminA, List<User> agentsB, User adminB) {
    public List<User> all() {
      List<User> all = new ArrayList<>(agentsA);
      all.add(adminA);
      all.addAll(agentsB);
      all.add(adminB);
      return all;
    }
  }

  private Seed() {}

  public static Future<Orgs> seed(Pool pool, int agentsPerOrg) {
    List<User> agentsA = agents(ORG_A, agentsPerOrg);
    List<User> agentsB = agents(ORG_B, Math.max(2, Math.min(agentsPerOrg, 3)));
    Orgs orgs = new Orgs(agentsA, user(ORG_A, ORG_A + "-admin", true), agentsB, user(ORG_B, ORG_B + "-admin", true));
    List<Tuple> users = new ArrayList<>();
    for (User u : orgs.all()) {
      String hash = BCrypt.withDefaults().hashToString(COST, u.password().toCharArray());
      users.add(Tuple.of(u.id(), u.orgId(), u.email(), u.id(), u.admin() ? "admin" : "agent", hash));
    }
    return pool.preparedQuery("INSERT INTO directory.organizations (id, name) VALUES ($1, $2)")
        .executeBatch(List.of(Tuple.of(ORG_A, "Acme Support"), Tuple.of(ORG_B, "Globex Help")))
        .compose(v -> pool.preparedQuery("INSERT INTO directory.phone_numbers (e164, org_id) VALUES ($1, $2)")
            .executeBatch(List.of(Tuple.of(NUMBER_A, ORG_A), Tuple.of(NUMBER_B, ORG_B))))
        .compose(v -> pool.preparedQuery("INSERT INTO directory.users (id, org_id, email, display_name, role,"
            + " password_hash) VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(users))
        .map(v -> orgs);
  }

  private static List<User> agents(String org, int count) {
    List<User> agents = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      agents.add(user(org, org + "-agent-" + i, false));
    }
    return agents;
  }

  private static User user(String org, String id, boolean admin) {
    return new User(id, org, id + "@" + org + ".test", "pw-" + id, admin);
  }
}
