package io.switchboard.bridge.api;

import io.switchboard.common.bus.Failures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A request the document refused, said as the API has always said it: 415 for a body that is not JSON, else 400
 * with one message naming the first problem ("unknown field 'x'", "'status' must be available or away").
 * vertx-openapi's own messages name schema keywords, and call a known field with a wrong value an additional
 * property, so they are not passed on.
 */
final class RequestProblems {
  /** Which problem is told first when a request has several: the order the API always checked them in. */
  private static final List<String> ORDER = List.of("type", "maxLength", "minLength", "pattern", "enum", "const");

  private RequestProblems() {}

  static Throwable of(Throwable failure, Operation operation, ValidatableRequest request, SchemaRepository schemas) {
    if (!(failure instanceof ValidatorException refused)) {
      return failure;
    }
    MediaType declared = operation.getRequestBody() == null ? null
        : operation.getRequestBody().determineContentType(request.getContentType());
    if (refused.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT
        || refused.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER && declared == null) {
      return HttpProblem.unsupportedMediaType();
    }
    if (!(refused instanceof SchemaValidationException invalid)) {
      return Failures.badRequest(refused.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER
          ? "a JSON body is required" : "malformed JSON body");
    }
    List<OutputUnit> errors = invalid.getOutputUnit().getErrors();
    Optional<Parameter> parameter = operation.getParameters().stream()
        .filter(p -> p.getIn() == Location.PATH)
        .filter(p -> !schemas.validator(p.getSchema()).validate(value(request, p)).getValid())
        .findFirst();
    if (parameter.isPresent()) {
      Parameter p = parameter.get();
      return Failures.badRequest(message(p.getName(), value(request, p), p.getSchema(), keyword(first(errors))));
    }
    if (errors.stream().anyMatch(e -> field(e).isEmpty() && "type".equals(keyword(e)))) {
      return Failures.badRequest("the body must be a JSON object");
    }
    return Failures.badRequest(bodyMessage(errors, declared.getSchema(), request.getBody().getBuffer().toJsonObject(),
        schemas));
  }

  private static String bodyMessage(List<OutputUnit> errors, JsonSchema schema, JsonObject body, SchemaRepository schemas) {
    JsonObject properties = schema.containsKey("properties") ? schema.get("properties") : new JsonObject();
    Optional<String> unknown = body.fieldNames().stream().filter(name -> !properties.containsKey(name)).findFirst();
    if (unknown.isPresent()) {
      return "unknown field '" + unknown.get() + "'";
    }
    JsonArray required = schema.containsKey("required") ? schema.get("required") : new JsonArray();
    Optional<String> missing = required.stream().map(String.class::cast).filter(name -> !body.containsKey(name)).findFirst();
    if (missing.isPresent()) {
      return message(missing.get(), null, fieldSchema(properties.getJsonObject(missing.get()), schemas), "required");
    }
    // A field's own problems, in the order the document lists the required fields, then the keywords' order.
    OutputUnit worst = errors.stream()
        .filter(e -> properties.containsKey(field(e)) && ORDER.contains(keyword(e)))
        .min(Comparator.comparingInt((OutputUnit e) -> position(required, field(e)))
            .thenComparingInt(e -> ORDER.indexOf(keyword(e))))
        .orElseThrow(() -> new IllegalStateException("a refused body without a reason: " + errors));
    String name = field(worst);
    return message(name, body.getValue(name), fieldSchema(properties.getJsonObject(name), schemas), keyword(worst));
  }

  /** How one value failed its schema, the way Fields and the login form always said it. */
  private static String message(String name, Object value, JsonSchema schema, String keyword) {
    if ("boolean".equals(schema.get("type"))) {
      return "'" + name + "' must be true or false";
    }
    if (value == null || value instanceof String s && s.isBlank()) {
      return "'" + name + "' is required";
    }
    return "'" + name + "' " + switch (keyword) {
      case "type" -> "must be a " + schema.get("type");
      case "maxLength" -> "is too long";
      case "pattern" -> "has an invalid character";
      case "enum" -> "must be " + schema.<JsonArray>get("enum").stream().map(String::valueOf)
          .collect(Collectors.joining(" or "));
      default -> "is not allowed";
    };
  }

  private static Object value(ValidatableRequest request, Parameter parameter) {
    return request.getPathParameters().get(parameter.getName()).get();
  }

  private static JsonSchema fieldSchema(JsonObject schema, SchemaRepository schemas) {
    String ref = schema.getString("$ref");
    return ref == null ? JsonSchema.of(schema) : schemas.find(ref);
  }

  /** The top-level field an error is about ({@code #/status}), or "" for the body itself. */
  private static String field(OutputUnit error) {
    String location = error.getInstanceLocation().replaceFirst("^#?/?", "");
    return location.split("/", 2)[0].replace("~1", "/").replace("~0", "~");
  }

  private static String keyword(OutputUnit error) {
    String location = error.getKeywordLocation();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static OutputUnit first(List<OutputUnit> errors) {
    return errors.stream().filter(e -> ORDER.contains(keyword(e)))
        .min(Comparator.comparingInt(e -> ORDER.indexOf(keyword(e)))).orElse(errors.get(0));
  }

  private static int position(JsonArray required, String name) {
    return IntStream.range(0, required.size()).filter(i -> name.equals(required.getValue(i))).findFirst()
        .orElse(required.size());
  }
}
