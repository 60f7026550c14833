package io.switchboard.sim;

import io.vertx.core.http.HttpMethod;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * Demo controls (CORS open, no auth: the simulator is a test tool): place a call from a caller to
 * a number ({@code POST /sim/calls {from, to}}), hang a caller up, list live calls.
 */
final class ControlApi {
  private final Exchange ex;

  ControlApi(Exchange ex) {
    this.ex = ex;
  }

  void mount(Router router) {
    router.route("/sim/calls*").handler(CorsHandler.create()
        .allowedMethod(HttpMethod.GET).allowedMethod(HttpMethod.POST)
        .allowedHeader("Content-Type"));
    router.post("/sim/calls*").handler(BodyHandler.create(false).setBodyLimit(64_000));
    router.post("/sim/calls").handler(this::place);
    router.post("/sim/calls/:callSid/hangup").handler(this::hangUp);
    router.get("/sim/calls").handler(this::list);
  }

  private void place(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String from = body == null ? null : body.getString("from");
    String to = body == null ? null : body.getString("to");
    if (from == null || from.isBlank() || to == null || to.isBlank()) {
      send(ctx, 400, new JsonObject().put("error", "BAD_REQUEST").put("message", "from and to are required"));
      return;
    }
    SimCall call = ex.inbound(from, to);
    send(ctx, 201, new JsonObject().put("callSid", call.sid()));
  }

  private void hangUp(RoutingContext ctx) {
    ex.call(ctx.pathParam("callSid")).ifPresentOrElse(call -> {
      ex.hangUp(call);
      send(ctx, 200, describe(call));
    }, () -> send(ctx, 404, new JsonObject().put("error", "NOT_FOUND").put("message", "no such call")));
  }

  private void list(RoutingContext ctx) {
    JsonArray live = new JsonArray();
    ex.calls().stream().filter(SimCall::isLive).map(ControlApi::describe).forEach(live::add);
    send(ctx, 200, new JsonObject().put("calls", live));
  }

  private static JsonObject describe(SimCall call) {
    return new JsonObject().put("callSid", call.sid()).put("parentCallSid", call.parentCallSid())
        .put("from", call.from()).put("to", call.to()).put("status", call.status())
        .put("direction", call.direction());
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
