package io.switchboard.bridge.directory;

/** Every SQL statement of the directory (schema {@code directory}), so its data access reads in one place. */
public final class DirectorySql {
  private DirectorySql() {}

  private static final String ORG_COLUMNS =
      "id, name, wrap_up_seconds, park_timeout_seconds, hold_music_url, max_missed_rings";
  private static final String USER_COLUMNS = "id, org_id, email, display_name, role, password_hash";

  public static final String INSERT_ORG =
      "INSERT INTO directory.organizations (" + ORG_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
          + " RETURNING " + ORG_COLUMNS;
  /** An org's call settings, all at once (null: the process default). */
  public static final String UPDATE_ORG_SETTINGS =
      "UPDATE directory.organizations SET wrap_up_seconds = $2, park_timeout_seconds = $3, hold_music_url = $4,"
          + " max_missed_rings = $5 WHERE id = $1 RETURNING " + ORG_COLUMNS;
  public static final String INSERT_NUMBER =
      "INSERT INTO directory.phone_numbers (e164, org_id) VALUES ($1, $2)";
  public static final String INSERT_USER =
      "INSERT INTO directory.users (" + USER_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
          + " RETURNING " + USER_COLUMNS;

  public static final String ORG_BY_ID =
      "SELECT " + ORG_COLUMNS + " FROM directory.organizations WHERE id = $1";
  public static final String ORG_BY_NUMBER =
      "SELECT o.id, o.name, o.wrap_up_seconds, o.park_timeout_seconds, o.hold_music_url, o.max_missed_rings"
          + " FROM directory.phone_numbers n JOIN directory.organizations o ON o.id = n.org_id WHERE n.e164 = $1";
  public static final String ALL_ORGS =
      "SELECT " + ORG_COLUMNS + " FROM directory.organizations ORDER BY id";

  public static final String NUMBERS_OF_ORG =
      "SELECT e164 FROM directory.phone_numbers WHERE org_id = $1 ORDER BY e164";
  public static final String ALL_NUMBERS =
      "SELECT e164, org_id FROM directory.phone_numbers ORDER BY org_id, e164";

  public static final String USERS_OF_ORG =
      "SELECT " + USER_COLUMNS + " FROM directory.users WHERE org_id = $1 ORDER BY display_name, id";
  public static final String USER_BY_EMAIL =
      "SELECT " + USER_COLUMNS + " FROM directory.users WHERE lower(email) = lower($1)";
  public static final String USER_BY_ID =
      "SELECT " + USER_COLUMNS + " FROM directory.users WHERE id = $1";
  public static final String ALL_USERS =
      "SELECT " + USER_COLUMNS + " FROM directory.users ORDER BY org_id, display_name, id";

  /** A logout: the session is refused on every node until its token would have expired anyway. */
  public static final String INSERT_REVOKED_SESSION = """
      WITH purged AS (DELETE FROM directory.revoked_sessions WHERE expires_at < now())
      INSERT INTO directory.revoked_sessions (session_id, user_id, expires_at) VALUES ($1, $2, $3)
      ON CONFLICT (session_id) DO NOTHING""";
  public static final String LIVE_REVOKED_SESSIONS =
      "SELECT session_id, expires_at FROM directory.revoked_sessions WHERE expires_at > now()";

  /** Per key at the limit: the failure whose ageing out brings it back under the limit. */
  public static final String LOGIN_FAILURES_AT_LIMIT = """
      SELECT key, failed_at FROM (
        SELECT key, failed_at, row_number() OVER (PARTITION BY key ORDER BY failed_at DESC) AS n
        FROM directory.login_failures WHERE key = ANY($1) AND failed_at > $2) recent
      WHERE n = CASE WHEN starts_with(key, $5) THEN $4::int ELSE $3::int END""";
  public static final String INSERT_LOGIN_FAILURES = """
      WITH purged AS (DELETE FROM directory.login_failures WHERE failed_at <= $3)
      INSERT INTO directory.login_failures (key, failed_at) SELECT unnest($1::text[]), $2""";
  public static final String CLEAR_LOGIN_FAILURES = "DELETE FROM directory.login_failures WHERE key = $1";
}
