package io.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dashboard logins for benchmark agents: the directory rows (org, number, users) seeded in the
 * bridge's schema, and JWTs minted with the bench's JWT secret exactly as the bridge mints them
 * (HS256, issuer "switchboard", claims sub, org, role, name, sid, exp), so no bcrypt login per client.
 */
public final class DashboardTokens {
  /** A syntactically valid bcrypt hash; nobody logs in with a password in the benchmarks. */
  private static final String NO_PASSWORD = "$2a$10$" + "b".repeat(53);
  private final JWTAuth auth;

  public DashboardTokens(Vertx vertx, String secret) {
    this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  public String token(String agentId, String orgId) {
    JsonObject claims = new JsonObject().put("sub", agentId).put("org", orgId).put("role", "agent")
        .put("name", agentId).put("sid", UUID.randomUUID().toString())
        .put("exp", Instant.now().plus(Duration.ofHours(2)).getEpochSecond());
    return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer("switchboard"));
  }

  public static String agentId(int i) {
    return "agent-" + i;
  }

  /** Seeds one org with {@code agents} users ({@code agent-0}...) and the given phone number. */
  public static void seedOrg(Pool pool, String orgId, String number, int agents) {
    pool.preparedQuery("INSERT INTO directory.organizations (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(orgId, "Bench " + orgId)).await();
    pool.preparedQuery("INSERT INTO directory.phone_numbers (e164, org_id) VALUES ($1, $2)")
        .execute(Tuple.of(number, orgId)).await();
    List<Tuple> users = new ArrayList<>(agents);
    for (int i = 0; i < agents; i++) {
      users.add(Tuple.of(agentId(i), orgId, agentId(i) + "@" + orgId + ".bench", "Agent " + i, "agent", NO_PASSWORD));
    }
    pool.preparedQuery("INSERT INTO directory.users (id, org_id, email, display_name, role, password_hash)"
        + " VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(users).await();
  }
}
