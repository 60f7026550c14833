package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small check of resource JSON against Twilio's own OpenAPI description (copied into test
 * resources with its MIT licence): every property the schema lists is present (Twilio sends nulls
 * rather than leaving fields out), nothing else is, enum values are allowed ones, and date-time
 * fields parse as RFC 2822.
 */
final class OpenApiSchemas {
  private final JsonObject schemas;

  private OpenApiSchemas(JsonObject schemas) {
    this.schemas = schemas;
  }

  static OpenApiSchemas load() {
    try (InputStream in = OpenApiSchemas.class.getResourceAsStream("/twilio/twilio_api_v2010.json")) {
      return new OpenApiSchemas(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJsonObject("components").getJsonObject("schemas"));
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the OpenAPI file", e);
    }
  }

  void check(String schemaName, JsonObject resource) {
    JsonObject properties = schemas.getJsonObject(schemaName).getJsonObject("properties");
    assertEquals(new TreeSet<>(properties.fieldNames()), new TreeSet<>(resource.fieldNames()),
        schemaName + " field names");
    for (String field : properties.fieldNames()) {
      JsonObject property = properties.getJsonObject(field);
      Object value = resource.getValue(field);
      if (value == null) {
        continue;
      }
      JsonObject resolved = property.containsKey("$ref") ? ref(property.getString("$ref")) : property;
      JsonArray allowed = resolved.getJsonArray("enum");
      if (allowed != null) {
        assertTrue(allowed.contains(value), schemaName + "." + field + " = " + value + " not in " + allowed);
      }
      if ("date-time-rfc-2822".equals(resolved.getString("format"))) {
        DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.toString());
      }
      String type = resolved.getString("type");
      if (type != null) {
        assertTrue(matches(type, value), schemaName + "." + field + " should be " + type + ": " + value);
      }
    }
  }

  private static boolean matches(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "boolean" -> value instanceof Boolean;
      case "object" -> value instanceof JsonObject;
      default -> Set.of("number", "array").contains(type);
    };
  }

  private JsonObject ref(String ref) {
    return schemas.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }
}
