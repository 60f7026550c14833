package io.switchboard.common.contract;

import io.switchboard.common.bus.Failures;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads fields of an incoming JSON message, failing with a 400 {@link ReplyException} that names
 * the field, so a malformed request is rejected by the first service it reaches.
 */
public final class Fields {
  /** Longest string any identifier field may hold; bounds what a hostile client can store. */
  public static final int MAX_ID_LENGTH = 128;

  private Fields() {}

  public static String requireString(JsonObject json, String field) {
    String value = optString(json, field);
    if (value == null || value.isBlank()) {
      throw Failures.badRequest("'" + field + "' is required");
    }
    return value;
  }

  public static String optString(JsonObject json, String field) {
    if (json == null) {
      throw Failures.badRequest("a JSON object is required");
    }
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw Failures.badRequest("'" + field + "' must be a string");
    }
    if (s.length() > MAX_ID_LENGTH * 8) {
      throw Failures.badRequest("'" + field + "' is too long");
    }
    return s;
  }

  public static String requireId(JsonObject json, String field) {
    String value = requireString(json, field);
    checkId(field, value);
    return value;
  }

  public static String optId(JsonObject json, String field) {
    String value = optString(json, field);
    if (value != null) {
      checkId(field, value);
    }
    return value;
  }

  private static void checkId(String field, String value) {
    if (value.length() > MAX_ID_LENGTH) {
      throw Failures.badRequest("'" + field + "' is too long");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '+' || c == ':' || c == '@';
      if (!ok) {
        throw Failures.badRequest("'" + field + "' has an invalid character");
      }
    }
  }

  public static <E extends Enum<E>> E requireEnum(JsonObject json, String field, Class<E> type) {
    String value = requireString(json, field);
    return parseEnum(field, value, type);
  }

  public static <E extends Enum<E>> E optEnum(JsonObject json, String field, Class<E> type, E fallback) {
    String value = optString(json, field);
    return value == null ? fallback : parseEnum(field, value, type);
  }

  public static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw Failures.badRequest("'" + field + "' has an unknown value '" + value + "'");
    }
  }

  public static long optLong(JsonObject json, String field, long fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n)) {
      throw Failures.badRequest("'" + field + "' must be a number");
    }
    return n.longValue();
  }

  public static Instant optInstant(JsonObject json, String field) {
    String value = optString(json, field);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Failures.badRequest("'" + field + "' must be an ISO-8601 instant");
    }
  }

  public static Instant requireInstant(JsonObject json, String field) {
    Instant value = optInstant(json, field);
    if (value == null) {
      throw Failures.badRequest("'" + field + "' is required");
    }
    return value;
  }

  public static List<String> optIdList(JsonObject json, String field) {
    return optList(json, field, "strings", item -> {
      if (!(item instanceof String s) || s.isBlank()) {
        return null;
      }
      checkId(field, s);
      return s;
    });
  }

  /** The objects of array {@code field}, each read by {@code item}; none when the field is absent. */
  public static <T> List<T> optObjectList(JsonObject json, String field, Function<JsonObject, T> item) {
    return optList(json, field, "objects", o -> o instanceof JsonObject object ? item.apply(object) : null);
  }

  /** {@code items} as a JSON array, each written by {@code item}. */
  public static <T> JsonArray array(List<T> items, Function<T, JsonObject> item) {
    List<Object> json = new ArrayList<>(items.size());
    items.forEach(i -> json.add(item.apply(i)));
    return new JsonArray(json);
  }

  /** Array {@code field} read by {@code item}, which answers null for an item that is not {@code kind}. */
  private static <T> List<T> optList(JsonObject json, String field, String kind, Function<Object, T> item) {
    Object value = json.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw Failures.badRequest("'" + field + "' must be an array");
    }
    List<T> items = new ArrayList<>(array.size());
    for (Object o : array) {
      T read = item.apply(o);
      if (read == null) {
        throw Failures.badRequest("'" + field + "' must hold " + kind);
      }
      items.add(read);
    }
    return List.copyOf(items);
  }

  public static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** An enum constant's wire name, e.g. RING_CANCELLED -> "ring-cancelled" (computed once per constant). */
  public static String lower(Enum<?> value) {
    return value == null ? null : WIRE_NAMES.get(value.getDeclaringClass())[value.ordinal()];
  }

  private static final ClassValue<String[]> WIRE_NAMES = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      Object[] constants = type.getEnumConstants();
      String[] names = new String[constants.length];
      for (int i = 0; i < constants.length; i++) {
        names[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', '-');
      }
      return names;
    }
  };
}
