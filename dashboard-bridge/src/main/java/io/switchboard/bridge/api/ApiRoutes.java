package io.switchboard.bridge.api;

import io.switchboard.bridge.auth.AuthUser;
import io.switchboard.bridge.auth.JwtIssuer;
import io.switchboard.bridge.auth.TwilioTokens;
import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryUser;
import io.switchboard.bridge.web.ClientConfig;
import io.switchboard.bridge.web.SecurityHeaders;
import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.Conflict;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.HangupRequest;
import io.switchboard.common.contract.ParkRequest;
import io.switchboard.common.contract.SetStatusRequest;
import io.switchboard.common.contract.UnparkRequest;
import io.switchboard.common.contract.VoicemailUpdate;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.function.Function;

/**
 * The agent HTTP API, as {@code openapi.json} describes it ({@link ApiContract} checks each request against it
 * first). Each route is a thin mapping onto one event-bus request: the actor comes
 * from the verified JWT (never from the body), the reply is passed on, and a failure is mapped
 * by the shared {@code HttpErrors}. The bridge itself refuses to act on users outside the
 * caller's org (it owns the directory), so a foreign id never even reaches the owning service.
 */
public final class ApiRoutes {
  static final String USER_KEY = "switchboard.user";

  private final EventBus bus;
  private final SwitchboardConfig config;
  private final Directory directory;
  private final JwtIssuer jwt;
  private final LoginHandler login;
  private final BoardAssembler board;
  private final TwilioTokens twilioTokens;
  private final VoicemailAudio audio;
  private final CallHistory history;
  private final long timeoutMs;

  public ApiRoutes(EventBus bus, SwitchboardConfig config, Directory directory, JwtIssuer jwt, LoginHandler login,
      BoardAssembler board, TwilioTokens twilioTokens, VoicemailAudio audio) {
    this.bus = bus;
    this.config = config;
    this.directory = directory;
    this.jwt = jwt;
    this.login = login;
    this.board = board;
    this.twilioTokens = twilioTokens;
    this.audio = audio;
    this.timeoutMs = config.requestTimeout().toMillis();
    this.history = new CallHistory(bus, timeoutMs);
  }

  /** Every operation of the document ({@link ApiContract}), each with its handler here. */
  public void mount(Router router, ApiContract contract) {
    router.route("/api/*").handler(SecurityHeaders::api);
    // Bodies above the limit are refused with 413 before they are buffered. Only methods that carry a
    // body get the handler: on a GET with a form content type it would throw (a 5xx) trying to decode it.
    router.route("/api/*").method(HttpMethod.POST).method(HttpMethod.PUT)
        .method(HttpMethod.PATCH).method(HttpMethod.DELETE)
        .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    contract.mount(router, this::authenticate, Map.ofEntries(
        Map.entry("getOpenApi", contract::serve),
        Map.entry("login", guard(login::login)),
        Map.entry("logout", guard(login::logout)),
        Map.entry("getMe", json(this::me)),
        Map.entry("getConfig", json(this::clientConfig)),
        Map.entry("getBoard", json(ctx -> board.board(user(ctx).orgId()))),
        Map.entry("setMyStatus", json(ctx -> setStatus(ctx, user(ctx).id()))),
        Map.entry("setAgentStatus", json(ctx -> setStatus(ctx, param(ctx, "agentId")))),
        Map.entry("claimCall", json(this::claim)),
        Map.entry("declineCall", json(this::decline)),
        Map.entry("parkCall", json(this::park)),
        Map.entry("hangUpCall", json(this::hangup)),
        Map.entry("unparkCall", json(this::unpark)),
        Map.entry("searchHistory", json(ctx -> history.search(actor(ctx), ctx.queryParams()))),
        Map.entry("getCallTimeline", json(ctx -> history.timeline(actor(ctx), param(ctx, "callSid")))),
        Map.entry("listVoicemails", json(this::voicemails)),
        Map.entry("updateVoicemail", json(this::updateVoicemail)),
        Map.entry("getVoicemailAudio", guard(ctx -> audio.stream(ctx, user(ctx).actor(), param(ctx, "voicemailId")))),
        Map.entry("getTwilioToken", json(ctx -> Future.succeededFuture(twilioTokens.issue(user(ctx).id()))))));
  }

  /** {@code Authorization: Bearer <jwt>} on every route after login; anything else is 401. */
  private void authenticate(RoutingContext ctx) {
    String token = JwtIssuer.bearerToken(ctx.request());
    if (token == null) {
      Replies.fail(ctx, HttpProblem.unauthorized("a bearer token is required"));
      return;
    }
    jwt.verify(token).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(USER_KEY, ar.result());
        ctx.next();
      } else {
        Replies.fail(ctx, HttpProblem.unauthorized("invalid or expired token"));
      }
    });
  }

  private Future<JsonObject> me(RoutingContext ctx) {
    AuthUser user = user(ctx);
    return directory.userById(user.id()).map(found -> found
        .filter(u -> u.orgId().equals(user.orgId()))
        .map(DirectoryUser::toJson)
        .orElseThrow(() -> HttpProblem.unauthorized("this account no longer exists")));
  }

  private Future<JsonObject> clientConfig(RoutingContext ctx) {
    return directory.numbers(user(ctx).orgId()).map(numbers -> ClientConfig.of(config, numbers,
        ClientConfig.pageOrigin(ctx.request())));
  }

  /**
   * An agent sets only itself; a supervisor or an admin any agent of its own org. Checked here, and
   * again by presence.
   */
  private Future<JsonObject> setStatus(RoutingContext ctx, String agentId) {
    AuthUser user = user(ctx);
    String status = ApiContract.body(ctx).getString("status");
    if (!user.id().equals(agentId) && !user.runsTheFloor()) {
      throw Failures.forbidden("only a supervisor or an admin may set another agent's status");
    }
    SetStatusRequest request = new SetStatusRequest(agentId,
        Fields.parseEnum("status", status, AgentStatus.class), user.actor());
    return requireSameOrg(user, agentId)
        .compose(v -> Bus.request(bus, Addresses.PRESENCE_SET_STATUS, request.toJson(), timeoutMs));
  }

  private Future<JsonObject> claim(RoutingContext ctx) {
    ClaimRequest request = new ClaimRequest(param(ctx, "callSid"), actor(ctx));
    return Bus.request(bus, Addresses.CLAIMS_CLAIM, request.toJson(), timeoutMs).map(reply -> {
      ClaimResult result = ClaimResult.fromJson(reply);
      if (!result.won()) {
        throw Conflict.lostTo(result.callSid(), result.winner()).failure("Another agent already answered");
      }
      return reply;
    });
  }

  private Future<JsonObject> decline(RoutingContext ctx) {
    DeclineRequest request = new DeclineRequest(param(ctx, "callSid"), actor(ctx));
    return Bus.request(bus, Addresses.CLAIMS_DECLINE, request.toJson(), timeoutMs);
  }

  private Future<JsonObject> park(RoutingContext ctx) {
    Actor actor = actor(ctx);
    ParkRequest request = new ParkRequest(param(ctx, "callSid"), actor.id(), actor);
    return Bus.request(bus, Addresses.PARKING_PARK, request.toJson(), timeoutMs);
  }

  /**
   * Hangs a call up from the server: the call's own agent (its phone may not hold the leg) or an admin
   * (a call stuck on the board). Who may, and with what reason, the voice-webhook-service decides.
   */
  private Future<JsonObject> hangup(RoutingContext ctx) {
    HangupRequest request = new HangupRequest(param(ctx, "callSid"), actor(ctx));
    return Bus.request(bus, Addresses.CALLS_HANGUP, request.toJson(), timeoutMs);
  }

  /** Any agent may hand a parked call to any agent of its org (drag onto the card). */
  private Future<JsonObject> unpark(RoutingContext ctx) {
    AuthUser user = user(ctx);
    UnparkRequest request = new UnparkRequest(param(ctx, "parkedId"), ApiContract.body(ctx).getString("agentId"),
        user.actor());
    return requireSameOrg(user, request.agentId())
        .compose(v -> Bus.request(bus, Addresses.PARKING_UNPARK, request.toJson(), timeoutMs));
  }

  private Future<JsonObject> voicemails(RoutingContext ctx) {
    String orgId = user(ctx).orgId();
    return Bus.request(bus, Addresses.BOARD_SNAPSHOT_VOICEMAILS, new BoardQuery(orgId).toJson(), timeoutMs)
        .map(reply -> new JsonObject().put("voicemails",
            BoardAssembler.ownOrg(reply.getJsonArray("voicemails", new JsonArray()), orgId)));
  }

  private Future<JsonObject> updateVoicemail(RoutingContext ctx) {
    VoicemailUpdate request = new VoicemailUpdate(param(ctx, "voicemailId"), ApiContract.body(ctx).getBoolean("handled"),
        actor(ctx));
    return Bus.request(bus, Addresses.VOICEMAILS_UPDATE, request.toJson(), timeoutMs);
  }

  /** 403 unless {@code agentId} is a user of the caller's org (unknown ids too: no probing other orgs). */
  private Future<Void> requireSameOrg(AuthUser user, String agentId) {
    return directory.userById(agentId).compose(found -> found.isPresent() && found.get().orgId().equals(user.orgId())
        ? Future.<Void>succeededFuture()
        : Future.failedFuture(Failures.forbidden("agent " + agentId + " is not in your organization")));
  }

  static AuthUser user(RoutingContext ctx) {
    return ctx.get(USER_KEY);
  }

  private static Actor actor(RoutingContext ctx) {
    return user(ctx).actor();
  }

  /** A path parameter, an identifier as the document has it (400 otherwise, before any request is sent). */
  private static String param(RoutingContext ctx, String name) {
    return ApiContract.pathParam(ctx, name);
  }

  /** A route answering JSON; whatever it throws or fails with becomes the shared error shape. */
  private static Handler<RoutingContext> json(Function<RoutingContext, Future<JsonObject>> route) {
    return ctx -> {
      try {
        Replies.from(ctx, route.apply(ctx));
      } catch (RuntimeException e) {
        Replies.fail(ctx, e);
      }
    };
  }

  /** A route that answers by itself; only what it throws needs mapping. */
  private static Handler<RoutingContext> guard(Handler<RoutingContext> route) {
    return ctx -> {
      try {
        route.handle(ctx);
      } catch (RuntimeException e) {
        Replies.fail(ctx, e);
      }
    };
  }
}
