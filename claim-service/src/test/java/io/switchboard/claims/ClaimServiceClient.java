package io.switchboard.claims;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.bus.FailureCode;
import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.AgentList;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.ClaimRequest;
import io.switchboard.common.contract.ClaimResult;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Role;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.contract.TransitionRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Talks to the claim-service over the event bus the way other services do; for tests. */
final class ClaimServiceClient {
  private final EventBus bus;

  ClaimServiceClient(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  static Actor agent(String id, String org) {
    return new Actor(id, org, Role.AGENT);
  }

  Future<CallView> create(String callSid, String org, RingMode mode, List<String> agents) {
    return Bus.request(bus, Addresses.CALLS_CREATE,
            new CreateCall(callSid, org, "+15550001111", "+15550002222", mode, agents).toJson())
        .map(CallView::fromJson);
  }

  Future<CallView> create(String callSid, String org, String... agents) {
    return create(callSid, org, RingMode.DIAL, List.of(agents));
  }

  Future<ClaimResult> claim(String callSid, Actor actor) {
    return Bus.request(bus, Addresses.CLAIMS_CLAIM, new ClaimRequest(callSid, actor).toJson(), 20_000)
        .map(ClaimResult::fromJson);
  }

  Future<CallView> decline(String callSid, Actor actor) {
    return Bus.request(bus, Addresses.CLAIMS_DECLINE, new DeclineRequest(callSid, actor).toJson())
        .map(CallView::fromJson);
  }

  Future<CallView> transition(String callSid, Transition transition, String agentId, String reason, Actor actor) {
    return Bus.request(bus, Addresses.CALLS_TRANSITION,
        new TransitionRequest(callSid, transition, agentId, reason, actor).toJson()).map(CallView::fromJson);
  }

  Future<CallView> get(String callSid, Actor actor) {
    return Bus.request(bus, Addresses.CALLS_GET, new CallLookup(callSid, actor).toJson()).map(CallView::fromJson);
  }

  /** The failure code of a request that must fail (AssertionError if it succeeded). */
  static FailureCode failureOf(Future<?> request) {
    Throwable failure = request.map(v -> (Throwable) null).otherwise(t -> t).await();
    if (failure == null) {
      throw new AssertionError("expected a failure, got " + request.result());
    }
    return Failures.code(failure);
  }

  static JsonObject failureBody(Future<?> request) {
    Throwable failure = request.map(v -> (Throwable) null).otherwise(t -> t).await();
    if (failure == null) {
      throw new AssertionError("expected a failure, got " + request.result());
    }
    return Failures.body(failure);
  }

  /** A fake presence-service answering {@code presence.available} with the listed agents. */
  static MessageConsumer<JsonObject> fakePresence(Vertx vertx, Supplier<Set<String>> available) {
    return Bus.serve(vertx, Addresses.PRESENCE_AVAILABLE, json -> {
      String org = BoardQuery.fromJson(json).orgId();
      List<AgentView> agents = new ArrayList<>();
      for (String id : available.get()) {
        agents.add(new AgentView(id, org, id, AgentStatus.AVAILABLE, null, Instant.now(), 1));
      }
      return Future.succeededFuture(new AgentList(agents).toJson());
    });
  }

  /** The call's row as PostgreSQL holds it, straight from the table (not through the service). */
  static Row row(Pool pool, String callSid) {
    var rows = pool.preparedQuery("SELECT c.*, k.agent_id AS claim_winner, "
            + "(SELECT count(*) FROM claims.ring_events e WHERE e.call_sid = c.call_sid) AS events "
            + "FROM claims.calls c LEFT JOIN claims.call_claims k ON k.call_sid = c.call_sid WHERE c.call_sid = $1")
        .execute(Tuple.of(callSid)).await();
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  static long count(Pool pool, String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.wrap(params)).await().iterator().next().getLong(0);
  }
}
