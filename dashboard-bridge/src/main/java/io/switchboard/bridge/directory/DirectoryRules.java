package io.switchboard.bridge.directory;

import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Role;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the directory accepts, checked before any SQL so a bad value is a 400 naming the field
 * (the table constraints repeat these rules as the last line of defence).
 */
public final class DirectoryRules {
  static final Pattern ORG_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  /** Deliberately loose: one @, something on each side, no spaces. The mailbox is not verified. */
  static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");
  static final int MIN_PASSWORD = 8;
  /** bcrypt reads at most 72 bytes; longer passwords would silently share a hash. */
  public static final int MAX_PASSWORD_BYTES = 72;

  private DirectoryRules() {}

  public static String orgId(String value) {
    if (value == null || !ORG_ID.matcher(value).matches()) {
      throw Failures.badRequest("org id must be 1-63 lower-case letters, digits or '-', got '" + value + "'");
    }
    return value;
  }

  public static String userId(String value) {
    if (value == null || !USER_ID.matcher(value).matches()) {
      throw Failures.badRequest("user id must be 1-64 letters, digits, '_', '.' or '-', got '" + value + "'");
    }
    return value;
  }

  public static String number(String value) {
    if (value == null || !E164.matcher(value).matches()) {
      throw Failures.badRequest("number must be E.164, like +15550001111, got '" + value + "'");
    }
    return value;
  }

  public static String email(String value) {
    if (value == null || !EMAIL.matcher(value.trim()).matches()) {
      throw Failures.badRequest("email must look like name@example.com, got '" + value + "'");
    }
    return value.trim();
  }

  public static String name(String field, String value) {
    if (value == null || value.isBlank() || value.length() > 200) {
      throw Failures.badRequest(field + " must be 1 to 200 characters");
    }
    return value.trim();
  }

  public static Role role(String value) {
    String lower = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "agent" -> Role.AGENT;
      case "supervisor" -> Role.SUPERVISOR;
      case "admin" -> Role.ADMIN;
      default -> throw Failures.badRequest("role must be agent, supervisor or admin, got '" + value + "'");
    };
  }

  public static String password(String value) {
    if (value == null || value.length() < MIN_PASSWORD) {
      throw Failures.badRequest("password must be at least " + MIN_PASSWORD + " characters");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw Failures.badRequest("password must be at most " + MAX_PASSWORD_BYTES + " bytes");
    }
    return value;
  }

  /** A readable org id from a name: "Acme Plumbing, Inc." becomes "acme-plumbing-inc". */
  public static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 63) {
      slug = slug.substring(0, 63).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "org" : slug;
  }
}
