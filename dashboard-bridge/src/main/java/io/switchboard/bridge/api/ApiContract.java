package io.switchboard.bridge.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The agent API as {@code openapi.json} (on the classpath) describes it: the one description of every {@code /api}
 * route, served at {@code GET /api/openapi.json}. {@link #mount} adds a route for each operation of the document
 * and checks each request against it (vertx-openapi's {@link RequestValidator}) before the operation's handler
 * runs, so a handler reads only values the document allows ({@link #pathParam}, {@link #body}).
 *
 * <p>Not vertx-web-openapi-router's {@code RouterBuilder}: its router checks a request before authenticating it
 * (today an anonymous request is a 401 whatever its body), and it reads path parameters with form decoding
 * ({@code +} becomes a space) while Vert.x Web's own decoding is what the handlers see.
 */
public record ApiContract(Buffer document, OpenAPIContract contract, RequestValidator validator) {
  /** Where the document is, on the classpath; the web UI's build generates its TypeScript types from it too. */
  public static final String RESOURCE = "openapi.json";
  private static final String VALIDATED = "switchboard.validated";

  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE).compose(document -> OpenAPIContract.from(vertx, forValidator(document))
        .map(contract -> new ApiContract(document, contract, RequestValidator.create(vertx, contract))));
  }

  /**
   * The document as vertx-openapi 5.0 accepts it: it refuses a document with a response media type it cannot
   * check (the voicemail's {@code audio/mpeg}), and responses are not checked at run time, so such a response's
   * content is left out of its copy. (It also annotates the JSON it is given: a fresh copy each time.)
   */
  static JsonObject forValidator(Buffer document) {
    JsonObject json = document.toJsonObject();
    json.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op) {
        op.getJsonObject("responses", new JsonObject()).forEach(response -> {
          JsonObject content = ((JsonObject) response.getValue()).getJsonObject("content");
          if (content != null) {
            content.getMap().keySet().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          }
        });
      }
    }));
    return json;
  }

  /**
   * One route per operation, in the document's mount order (a path without parameters before a templated one):
   * first the operations the document marks public ({@code security: []}), then {@code authenticate} for every
   * other {@code /api} path, then the rest. Every operation needs a handler and every handler an operation.
   */
  public void mount(Router router, Handler<RoutingContext> authenticate, Map<String, Handler<RoutingContext>> handlers) {
    TreeSet<String> unmatched = new TreeSet<>(handlers.keySet());
    for (boolean publicOperations : new boolean[] {true, false}) {
      if (!publicOperations) {
        router.route("/api/*").handler(authenticate);
      }
      for (Path path : contract.getPaths()) {
        for (Operation operation : path.getOperations()) {
          if (operation.getSecurityRequirements().isEmpty() == publicOperations) {
            Handler<RoutingContext> handler = handlers.get(operation.getOperationId());
            if (handler == null) {
              throw new IllegalStateException("no handler for operation " + operation.getOperationId());
            }
            unmatched.remove(operation.getOperationId());
            router.route(operation.getHttpMethod(), path.getName().replaceAll("\\{([^}]+)}", ":$1"))
                .handler(ctx -> validate(ctx, operation)).handler(handler);
          }
        }
      }
    }
    if (!unmatched.isEmpty()) {
      throw new IllegalStateException("handlers for operations the document does not have: " + unmatched);
    }
  }

  /** {@code GET /api/openapi.json}: the document as it is in the repository. */
  void serve(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(document);
  }

  private void validate(RoutingContext ctx, Operation operation) {
    RouteRequest request = new RouteRequest(ctx, operation);
    validator.validate(request, operation.getOperationId()).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(VALIDATED, ar.result());
        ctx.next();
      } else {
        Throwable problem;
        try {
          problem = RequestProblems.of(ar.cause(), operation, request, contract.getSchemaRepository());
        } catch (RuntimeException e) {
          problem = e; // a 503 in the log, never a request left hanging
        }
        Replies.fail(ctx, problem);
      }
    });
  }

  /** A path parameter as the document allowed it. */
  static String pathParam(RoutingContext ctx, String name) {
    return ctx.<ValidatedRequest>get(VALIDATED).getPathParameters().get(name).getString();
  }

  /** The JSON body as the document allowed it; empty when an operation's optional body was left out. */
  static JsonObject body(RoutingContext ctx) {
    return ctx.<ValidatedRequest>get(VALIDATED).getBody().getJsonObject(new JsonObject());
  }

  /**
   * What the validator checks: the path parameters as Vert.x Web decoded them (what a handler would read) and the
   * body BodyHandler read. Media types are case-insensitive; the library compares them as written.
   */
  static final class RouteRequest implements ValidatableRequest {
    private final Map<String, RequestParameter> pathParameters = new HashMap<>();
    private final RequestParameter body;
    private final String contentType;

    RouteRequest(RoutingContext ctx, Operation operation) {
      operation.getParameters().stream().filter(p -> p.getIn() == Location.PATH).forEach(p -> {
        String value = ctx.pathParam(p.getName());
        pathParameters.put(p.getName(), () -> value);
      });
      Buffer buffer = operation.getRequestBody() == null ? null : ctx.body().buffer();
      this.body = () -> buffer;
      String type = ctx.request().getHeader("Content-Type");
      this.contentType = type == null ? null : type.toLowerCase(Locale.ROOT);
    }

    @Override
    public String getContentType() {
      return contentType;
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return pathParameters;
    }

    @Override
    public RequestParameter getBody() {
      return body;
    }

    @Override
    public Map<String, RequestParameter> getCookies() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return Map.of();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return Map.of();
    }
  }
}
