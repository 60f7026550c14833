package io.switchboard.clusterit;

import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The org the cluster serves: its number, six agents and an admin, and a session token for each. */
final class TestOrg {
  static final String ORG = "cit";
  static final String NUMBER = "+15550107000";
  static final List<String> AGENTS = List.of("ann", "ben", "cat", "dan", "eve", "fay");
  static final String ADMIN = "boss";

  private TestOrg() {}

  /** The org, its number and its users, written straight into the bridge's directory schema. */
  static void seed(Tables tables) {
    String hash = "$2a$04$" + "x".repeat(53);
    tables.pool().preparedQuery("INSERT INTO directory.organizations (id, name) VALUES ($1, $2)")
        .execute(Tuple.of(ORG, "Cluster IT")).await();
    tables.pool().preparedQuery("INSERT INTO directory.phone_numbers (e164, org_id) VALUES ($1, $2)")
        .execute(Tuple.of(NUMBER, ORG)).await();
    List<String> users = new ArrayList<>(AGENTS);
    users.add(ADMIN);
    for (String user : users) {
      tables.pool().preparedQuery("INSERT INTO directory.users (id, org_id, email, display_name, role, password_hash)"
              + " VALUES ($1, $2, $3, $4, $5, $6)")
          .execute(Tuple.of(user, ORG, user + "@cit.test", user, ADMIN.equals(user) ? "admin" : "agent", hash)).await();
    }
  }

  /** A session token for every agent and the admin, signed with the cluster's JWT secret. */
  static Map<String, String> tokens(Vertx vertx) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestConfigs.JWT_SECRET)));
    Map<String, String> tokens = new HashMap<>();
    for (String agent : AGENTS) {
      tokens.put(agent, token(jwt, agent, "agent"));
    }
    tokens.put(ADMIN, token(jwt, ADMIN, "admin"));
    return tokens;
  }

  private static String token(JWTAuth jwt, String user, String role) {
    return jwt.generateToken(new JsonObject().put("sub", user).put("org", ORG).put("role", role).put("name", user)
        .put("sid", UUID.randomUUID().toString())
        .put("exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond()),
        new JWTOptions().setAlgorithm("HS256").setIssuer("switchboard"));
  }
}
