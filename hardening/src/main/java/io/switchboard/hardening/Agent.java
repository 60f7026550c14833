package io.switchboard.hardening;

import io.switchboard.common.bus.Addresses;
import io.switchboard.sim.SimDevice;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * One agent as its browser would be: signed in, its event-bus socket open on its board and its
 * notices, its simulated phone registered, and the dashboard's commands as HTTP calls.
 */
public final class Agent {
  public final Seed.User user;
  public final String token;
  public final SimDevice device;
  private final Stack stack;
  private volatile BusSocket socket;

  private Agent(Stack stack, Seed.User user, String token) {
    this.stack = stack;
    this.user = user;
    this.token = token;
    this.device = stack.sim.device(user.id());
  }

  /** Signs in, opens the socket, and becomes available. */
  public static Agent signIn(Stack stack, Seed.User user) {
    Agent agent = new Agent(stack, user, stack.api.login(user));
    agent.connect().await();
    Api.Reply status = agent.setStatus("available").await();
    if (status.status() != 200) {
      throw new IllegalStateException("available: " + status.status() + " " + status.body());
    }
    return agent;
  }

  public String id() {
    return user.id();
  }

  public BusSocket socket() {
    return socket;
  }

  /** Opens a fresh socket on the board and the agent's own address. */
  public Future<Void> connect() {
    return BusSocket.open(stack.outside, stack.port(), token).compose(s -> {
      socket = s.keepAlive();
      return s.register(Addresses.board(user.orgId()), token).compose(v -> s.register(Addresses.agent(user.id()), token));
    });
  }

  /** What a browser does on a network blip: the socket drops, a new one opens, the board reloads. */
  public Future<Api.Reply> reconnect() {
    BusSocket old = socket;
    return (old == null ? Future.<Void>succeededFuture() : old.close()).compose(v -> connect()).compose(v -> board());
  }

  public Future<Api.Reply> board() {
    return stack.api.json(HttpMethod.GET, "/api/board", token, null);
  }

  public Future<Api.Reply> setStatus(String status) {
    return stack.api.json(HttpMethod.PUT, "/api/agents/me/status", token, new JsonObject().put("status", status));
  }

  public Future<Api.Reply> claim(String callSid) {
    return stack.api.json(HttpMethod.POST, "/api/calls/" + callSid + "/claim", token, null);
  }

  public Future<Api.Reply> park(String callSid) {
    return stack.api.json(HttpMethod.POST, "/api/calls/" + callSid + "/park", token, null);
  }

  public Future<Api.Reply> unpark(String parkedId, String targetAgent) {
    return stack.api.json(HttpMethod.POST, "/api/parked/" + parkedId + "/unpark", token,
        new JsonObject().put("agentId", targetAgent));
  }

  public Future<Void> close() {
    BusSocket s = socket;
    return s == null ? Future.succeededFuture() : s.close();
  }
}
