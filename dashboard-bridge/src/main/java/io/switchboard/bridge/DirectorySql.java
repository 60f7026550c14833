package io.switchboard.bridge;

/** Every SQL statement of the directory (schema {@code directory}), so its data access reads in one place. */
final class DirectorySql {
  private DirectorySql() {}

  private static final String ORG_COLUMNS = "id, name, wrap_up_seconds, park_timeout_seconds, hold_music_url";
  private static final String USER_COLUMNS = "id, org_id, email, display_name, role, password_hash";

  static final String INSERT_ORG =
      "INSERT INTO directory.organizations (" + ORG_COLUMNS + ") VALUES ($1, $2, $3, $4, $5)"
          + " RETURNING " + ORG_COLUMNS;
  static final String INSERT_NUMBER =
      "INSERT INTO directory.phone_numbers (e164, org_id) VALUES ($1, $2)";
  static final String INSERT_USER =
      "INSERT INTO directory.users (" + USER_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
          + " RETURNING " + USER_COLUMNS;

  static final String ORG_BY_ID =
      "SELECT " + ORG_COLUMNS + " FROM directory.organizations WHERE id = $1";
  static final String ORG_BY_NUMBER =
      "SELECT o.id, o.name, o.wrap_up_seconds, o.park_timeout_seconds, o.hold_music_url"
          + " FROM directory.phone_numbers n JOIN directory.organizations o ON o.id = n.org_id WHERE n.e164 = $1";
  static final String ALL_ORGS =
      "SELECT " + ORG_COLUMNS + " FROM directory.organizations ORDER BY id";

  static final String NUMBERS_OF_ORG =
      "SELECT e164 FROM directory.phone_numbers WHERE org_id = $1 ORDER BY e164";
  static final String ALL_NUMBERS =
      "SELECT e164, org_id FROM directory.phone_numbers ORDER BY org_id, e164";

  static final String USERS_OF_ORG =
      "SELECT " + USER_COLUMNS + " FROM directory.users WHERE org_id = $1 ORDER BY display_name, id";
  static final String USER_BY_EMAIL =
      "SELECT " + USER_COLUMNS + " FROM directory.users WHERE lower(email) = lower($1)";
  static final String USER_BY_ID =
      "SELECT " + USER_COLUMNS + " FROM directory.users WHERE id = $1";
  static final String ALL_USERS =
      "SELECT " + USER_COLUMNS + " FROM directory.users ORDER BY org_id, display_name, id";
}
