package io.switchboard.bridge.admin;

import io.switchboard.bridge.auth.PasswordHasher;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryUser;
import io.switchboard.bridge.directory.Org;
import io.switchboard.common.contract.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The demo's organization: one number and three agents plus an admin, created on the first demo
 * run and found again on later runs (nothing is duplicated or overwritten). The passwords are
 * fixed and printed by the demo: this is sample data for a laptop, never for a real deployment.
 */
public final class DemoDirectory {
  public static final String ORG_ID = "demo";
  public static final String ORG_NAME = "Demo Contact Center";
  public static final String NUMBER = "+15550100100";

  /** One demo sign-in. */
  public record Login(String id, String name, String email, String password, Role role) {}

  public static final List<Login> LOGINS = List.of(
      new Login("ann", "Ann Agent", "ann@demo.switchboard.test", "demo-ann", Role.AGENT),
      new Login("ben", "Ben Agent", "ben@demo.switchboard.test", "demo-ben", Role.AGENT),
      new Login("cat", "Cat Agent", "cat@demo.switchboard.test", "demo-cat", Role.AGENT),
      new Login("dana", "Dana Admin", "dana@demo.switchboard.test", "demo-dana", Role.ADMIN));

  private DemoDirectory() {}

  /** Creates whatever of the demo org is missing; an existing org, number or user is left as it is. */
  public static Future<Void> ensure(Vertx vertx, Pool pool) {
    Directory directory = new Directory(pool);
    PasswordHasher hasher = new PasswordHasher(vertx, PasswordHasher.DEFAULT_COST);
    Future<Void> chain = directory.org(ORG_ID).compose(org -> org.isPresent()
        ? Future.succeededFuture()
        : directory.addOrg(new Org(ORG_ID, ORG_NAME, null, null, null)).mapEmpty());
    chain = chain.compose(v -> directory.orgByNumber(NUMBER)).compose(owner -> owner.isPresent()
        ? Future.succeededFuture()
        : directory.addNumber(ORG_ID, NUMBER));
    for (Login login : LOGINS) {
      chain = chain.compose(v -> directory.userById(login.id())).compose(user -> user.isPresent()
          ? Future.succeededFuture()
          : hasher.hash(login.password()).compose(hash -> directory.addUser(new DirectoryUser(
              login.id(), ORG_ID, login.email(), login.name(), login.role(), hash))).mapEmpty());
    }
    return chain.eventually(() -> {
      hasher.close();
      return Future.succeededFuture();
    });
  }
}
