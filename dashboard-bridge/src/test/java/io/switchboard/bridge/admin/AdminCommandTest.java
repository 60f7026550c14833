package io.switchboard.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.bridge.BridgeFixture;
import io.switchboard.bridge.auth.PasswordHasher;
import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin command end to end on a fresh database: set up an org, then log in as its user. */
@ExtendWith(PgTestDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int admin(TestDatabase db, Map<String, String> env, char[] typed, String... args) {
    out.reset();
    err.reset();
    return new AdminCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, () -> typed).run(db.config(), List.of(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void setsUpAnOrgItsNumberAndUsersOnAFreshDatabaseAndTheUserCanLogIn(TestDatabase db) {
    assertEquals(0, admin(db, Map.of(), null, "add-org", "--name", "Acme Plumbing", "--wrap-up-seconds", "20"), err());
    assertEquals("added organization acme-plumbing (Acme Plumbing)\n", out());
    assertEquals(0, admin(db, Map.of(), null, "add-number", "--org", "acme-plumbing", "--number", "+15550001111"), err());
    assertEquals(0, admin(db, Map.of(), null, "add-user", "--org", "acme-plumbing", "--email", "Ann@Acme.test",
        "--name", "Ann", "--role", "agent", "--id", "ann", "--password", "s3cret-password"), err());
    assertEquals("added agent ann <Ann@Acme.test> to acme-plumbing\n", out());
    // The password from the environment, and a generated id.
    assertEquals(0, admin(db, Map.of(AdminCommand.PASSWORD_VARIABLE, "env-password-1"), null, "add-user",
        "--org", "acme-plumbing", "--email", "boss@acme.test", "--name", "Boss", "--role", "admin"), err());
    assertTrue(out().matches("added admin boss-[0-9a-f]{6} <boss@acme.test> to acme-plumbing\n"), out());

    assertEquals(0, admin(db, Map.of(), null, "list"));
    assertTrue(out().startsWith("acme-plumbing  Acme Plumbing  wrap-up 20 s\n"), out());
    assertTrue(out().contains("  number  +15550001111\n"), out());
    assertTrue(out().contains("  agent   ann  <Ann@Acme.test>  Ann\n"), out());

    try (BridgeFixture bridge = BridgeFixture.start(db)) {
      var login = bridge.login("ann@acme.test", "s3cret-password");
      assertEquals(200, login.status(), login.text());
      assertEquals(new JsonObject().put("id", "ann").put("orgId", "acme-plumbing").put("name", "Ann")
          .put("email", "Ann@Acme.test").put("role", "agent"), login.json().getJsonObject("user"));
      assertEquals(200, bridge.login("boss@acme.test", "env-password-1").status());
    }
  }

  @Test
  @Order(2)
  void storesABcryptHashNeverThePassword(TestDatabase db) {
    var vertx = Vertx.vertx();
    try {
      var pool = db.pool(vertx);
      String hash = pool.query("SELECT password_hash FROM directory.users WHERE id = 'ann'").execute().await()
          .iterator().next().getString(0);
      assertTrue(hash.startsWith("$2a$" + PasswordHasher.DEFAULT_COST + "$"), hash);
      assertFalse(hash.contains("s3cret"));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @Order(3)
  void duplicatesAndUnknownOrgsFailWithOneLineAndExit65(TestDatabase db) {
    assertEquals(65, admin(db, Map.of(), null, "add-org", "--name", "Other", "--id", "acme-plumbing"));
    assertEquals("switchboard admin: organization 'acme-plumbing' already exists\n", err());
    assertEquals(65, admin(db, Map.of(), null, "add-number", "--org", "acme-plumbing", "--number", "+15550001111"));
    assertEquals("switchboard admin: number +15550001111 already belongs to an organization\n", err());
    assertEquals(65, admin(db, Map.of(), null, "add-number", "--org", "nope", "--number", "+15550009999"));
    assertEquals("switchboard admin: no such organization\n", err());
    assertEquals(65, admin(db, Map.of(), null, "add-user", "--org", "acme-plumbing", "--email", "ANN@acme.test",
        "--name", "Ann 2", "--role", "agent", "--password", "another-password"));
    assertTrue(err().startsWith("switchboard admin: a user with email ANN@acme.test"), err());
    assertEquals(1, err().lines().count());
  }

  @Test
  @Order(4)
  void badValuesAreRefusedBeforeTheDatabase(TestDatabase db) {
    assertEquals(65, admin(db, Map.of(), null, "add-number", "--org", "acme-plumbing", "--number", "555-1234"));
    assertTrue(err().contains("E.164"), err());
    assertEquals(65, admin(db, Map.of(), null, "add-user", "--org", "acme-plumbing", "--email", "x@y.z",
        "--name", "X", "--role", "owner", "--password", "long-enough-pw"));
    assertTrue(err().contains("role must be agent, supervisor or admin"), err());
    assertEquals(65, admin(db, Map.of(), null, "add-user", "--org", "acme-plumbing", "--email", "x@y.z",
        "--name", "X", "--role", "agent", "--password", "short"));
    assertTrue(err().contains("at least 8"), err());
    assertEquals(65, admin(db, Map.of(), null, "add-user", "--org", "acme-plumbing", "--email", "x@y.z",
        "--name", "X", "--role", "agent"));
    assertTrue(err().contains("no password"), err());
    assertEquals(65, admin(db, Map.of(), new char[0], "add-user", "--org", "acme-plumbing", "--email", "x@y.z",
        "--name", "X", "--role", "agent"));
    assertTrue(err().contains("do not match"), err());
  }

  @Test
  @Order(5)
  void setOrgChangesOnlyTheSettingsGivenAndDefaultGoesBackToTheProcessDefault(TestDatabase db) {
    assertEquals(0, admin(db, Map.of(), null, "set-org", "--org", "acme-plumbing", "--max-missed-rings", "3"), err());
    assertEquals("updated organization acme-plumbing:  wrap-up 20 s  away after 3 missed rings\n", out());
    assertEquals(0, admin(db, Map.of(), null, "set-org", "--org", "acme-plumbing", "--wrap-up-seconds", "default"),
        err());
    assertEquals("updated organization acme-plumbing:  away after 3 missed rings\n", out());
    assertEquals(0, admin(db, Map.of(), null, "list"));
    assertTrue(out().startsWith("acme-plumbing  Acme Plumbing  away after 3 missed rings\n"), out());

    assertEquals(65, admin(db, Map.of(), null, "set-org", "--org", "acme-plumbing", "--max-missed-rings", "101"));
    assertTrue(err().contains("--max-missed-rings must be between 0"), err());
    assertEquals(65, admin(db, Map.of(), null, "set-org", "--org", "acme-plumbing", "--max-missed-rings", "three"));
    assertTrue(err().contains("must be a whole number"), err());
    assertEquals(65, admin(db, Map.of(), null, "set-org", "--org", "nope", "--max-missed-rings", "3"));
    assertEquals("switchboard admin: no organization 'nope'\n", err());
    assertEquals(0, admin(db, Map.of(), null, "list"));
    assertTrue(out().startsWith("acme-plumbing  Acme Plumbing  away after 3 missed rings\n"), "unchanged: " + out());
  }

  @Test
  @Order(6)
  void aSupervisorIsAddedAndListedAsOne(TestDatabase db) {
    assertEquals(0, admin(db, Map.of(AdminCommand.PASSWORD_VARIABLE, "floor-password"), null, "add-user",
        "--org", "acme-plumbing", "--email", "sue@acme.test", "--name", "Sue", "--role", "Supervisor", "--id", "sue"),
        err());
    assertEquals("added supervisor sue <sue@acme.test> to acme-plumbing\n", out());
    assertEquals(0, admin(db, Map.of(), null, "list"));
    assertTrue(out().contains("  supervisor   sue  <sue@acme.test>  Sue\n"), out());
  }

  @Test
  @Order(6)
  void typedPasswordsAreAccepted(TestDatabase db) {
    assertEquals(0, admin(db, Map.of(), "typed-password".toCharArray(), "add-user", "--org", "acme-plumbing",
        "--email", "typed@acme.test", "--name", "Ty", "--role", "agent", "--id", "ty"), err());
  }

  @Test
  @Order(7)
  void usageMistakesExit64WithTheUsage(TestDatabase db) {
    assertEquals(64, admin(db, Map.of(), null));
    assertEquals(64, admin(db, Map.of(), null, "add-planet"));
    assertEquals(64, admin(db, Map.of(), null, "add-org", "--colour", "red"));
    assertEquals(64, admin(db, Map.of(), null, "add-org", "--name"));
    assertTrue(err().contains(AdminCommand.USAGE), err());
  }

  @Test
  @Order(8)
  void anUnreachableDatabaseIsOneLineAndExit3(TestDatabase db) {
    out.reset();
    err.reset();
    var config = db.config(Map.of("SWITCHBOARD_PG_URL", "postgresql://postgres@127.0.0.1:1/nowhere"));
    int code = new AdminCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), () -> null).run(config, List.of("list"));

    assertEquals(3, code);
    assertTrue(err().startsWith("switchboard admin: cannot reach PostgreSQL at 127.0.0.1:1/nowhere"), err());
    assertEquals(1, err().lines().count(), err());
  }
}
