package io.switchboard.bridge.directory;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.NumberQuery;
import io.switchboard.common.contract.OrgQuery;
import io.switchboard.common.contract.UserList;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Answers the other services' directory questions: which org is this, which org owns the number
 * that was called, who are an org's users. Read-only; the directory is written by the admin command.
 */
public final class DirectoryVerticle extends VerticleBase {
  private final Directory directory;

  public DirectoryVerticle(Directory directory) {
    this.directory = directory;
  }

  @Override
  public Future<?> start() {
    return Future.join(
        Bus.serve(vertx, Addresses.DIRECTORY_ORG, this::org).completion(),
        Bus.serve(vertx, Addresses.DIRECTORY_NUMBER, this::number).completion(),
        Bus.serve(vertx, Addresses.DIRECTORY_USERS, this::users).completion());
  }

  private Future<JsonObject> org(JsonObject request) {
    OrgQuery query = OrgQuery.fromJson(request);
    return directory.org(query.orgId()).map(org -> found(org, "no organization " + query.orgId()));
  }

  private Future<JsonObject> number(JsonObject request) {
    String number = DirectoryRules.number(NumberQuery.fromJson(request).number());
    return directory.orgByNumber(number).map(org -> found(org, "no organization owns " + number));
  }

  private Future<JsonObject> users(JsonObject request) {
    BoardQuery query = BoardQuery.fromJson(request);
    return directory.users(query.orgId()).map(users -> new UserList(users.stream()
        .map(u -> new UserList.User(u.id(), u.name(), u.email(), u.role())).toList()).toJson());
  }

  private static JsonObject found(Optional<Org> org, String missing) {
    return org.map(o -> o.toView().toJson()).orElseThrow(() -> Failures.notFound(missing));
  }
}
