package io.switchboard.bridge.directory;


import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Role;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and writes the directory tables. Writes come only from {@code AdminCommand} (and tests);
 * everything else reads. Constraint violations become the shared failures: a duplicate is 409,
 * an unknown organization 404, a value the table refuses 400.
 */
public final class Directory {
  private final Pool pool;

  public Directory(Pool pool) {
    this.pool = pool;
  }

  public Future<Org> addOrg(Org org) {
    return one(DirectorySql.INSERT_ORG,
        Tuple.of(org.id(), org.name(), org.wrapUpSeconds(), org.parkTimeoutSeconds(), org.holdMusicUrl(),
            org.maxMissedRings()),
        Directory::org)
        .map(Optional::orElseThrow)
        .recover(t -> Future.failedFuture(translate(t, "organization '" + org.id() + "' already exists")));
  }

  /** Stores {@code org}'s call settings; empty when there is no such org. */
  public Future<Optional<Org>> updateOrgSettings(Org org) {
    return one(DirectorySql.UPDATE_ORG_SETTINGS, Tuple.of(org.id(), org.wrapUpSeconds(), org.parkTimeoutSeconds(),
        org.holdMusicUrl(), org.maxMissedRings()), Directory::org);
  }

  public Future<Void> addNumber(String orgId, String e164) {
    return pool.preparedQuery(DirectorySql.INSERT_NUMBER).execute(Tuple.of(e164, orgId))
        .<Void>mapEmpty()
        .recover(t -> Future.failedFuture(translate(t, "number " + e164 + " already belongs to an organization")));
  }

  public Future<DirectoryUser> addUser(DirectoryUser user) {
    return one(DirectorySql.INSERT_USER,
        Tuple.of(user.id(), user.orgId(), user.email(), user.name(), user.roleName(), user.passwordHash()),
        Directory::user)
        .map(Optional::orElseThrow)
        .recover(t -> Future.failedFuture(translate(t, "a user with email " + user.email() + " or id "
            + user.id() + " already exists")));
  }

  public Future<Optional<Org>> org(String orgId) {
    return one(DirectorySql.ORG_BY_ID, Tuple.of(orgId), Directory::org);
  }

  public Future<Optional<Org>> orgByNumber(String e164) {
    return one(DirectorySql.ORG_BY_NUMBER, Tuple.of(e164), Directory::org);
  }

  public Future<List<Org>> orgs() {
    return all(DirectorySql.ALL_ORGS, Tuple.tuple(), Directory::org);
  }

  public Future<List<String>> numbers(String orgId) {
    return all(DirectorySql.NUMBERS_OF_ORG, Tuple.of(orgId), row -> row.getString("e164"));
  }

  /** Every number with its org id, as {@code [e164, orgId]} pairs. */
  public Future<List<String[]>> allNumbers() {
    return all(DirectorySql.ALL_NUMBERS, Tuple.tuple(),
        row -> new String[] {row.getString("e164"), row.getString("org_id")});
  }

  public Future<List<DirectoryUser>> users(String orgId) {
    return all(DirectorySql.USERS_OF_ORG, Tuple.of(orgId), Directory::user);
  }

  public Future<List<DirectoryUser>> allUsers() {
    return all(DirectorySql.ALL_USERS, Tuple.tuple(), Directory::user);
  }

  public Future<Optional<DirectoryUser>> userByEmail(String email) {
    return one(DirectorySql.USER_BY_EMAIL, Tuple.of(email), Directory::user);
  }

  public Future<Optional<DirectoryUser>> userById(String id) {
    return one(DirectorySql.USER_BY_ID, Tuple.of(id), Directory::user);
  }

  /** The first row, mapped (the statements that use this select by a unique key). */
  private <T> Future<Optional<T>> one(String sql, Tuple args, Function<Row, T> mapper) {
    return all(sql, args, mapper).map(list -> list.stream().findFirst());
  }

  private <T> Future<List<T>> all(String sql, Tuple args, Function<Row, T> mapper) {
    return pool.preparedQuery(sql).collecting(Collectors.mapping(mapper, Collectors.toList())).execute(args)
        .map(SqlResult::value);
  }

  private static Org org(Row row) {
    return new Org(row.getString("id"), row.getString("name"), row.getInteger("wrap_up_seconds"),
        row.getInteger("park_timeout_seconds"), row.getString("hold_music_url"), row.getInteger("max_missed_rings"));
  }

  private static DirectoryUser user(Row row) {
    return new DirectoryUser(row.getString("id"), row.getString("org_id"), row.getString("email"),
        row.getString("display_name"), Role.valueOf(row.getString("role").toUpperCase(Locale.ROOT)),
        row.getString("password_hash"));
  }

  private static Throwable translate(Throwable t, String duplicate) {
    if (t instanceof PgException pg && pg.getSqlState() != null) {
      return switch (pg.getSqlState()) {
        case "23505" -> Failures.conflict(duplicate);
        case "23503" -> Failures.notFound("no such organization");
        case "23514", "22001" -> Failures.badRequest("refused by the directory: " + pg.getConstraint());
        default -> t;
      };
    }
    return t;
  }
}
