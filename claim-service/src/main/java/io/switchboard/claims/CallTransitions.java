package io.switchboard.claims;

import io.switchboard.common.bus.Failures;
import io.switchboard.common.contract.Actor;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.CallList;
import io.switchboard.common.contract.CallLookup;
import io.switchboard.common.contract.CallStatus;
import io.switchboard.common.contract.CallTimeline;
import io.switchboard.common.contract.CallView;
import io.switchboard.common.contract.Conflict;
import io.switchboard.common.contract.CreateCall;
import io.switchboard.common.contract.DeclineRequest;
import io.switchboard.common.contract.Fields;
import io.switchboard.common.contract.HistoryPage;
import io.switchboard.common.contract.HistoryQuery;
import io.switchboard.common.contract.OfferCall;
import io.switchboard.common.contract.QuietCallsRequest;
import io.switchboard.common.contract.RingMode;
import io.switchboard.common.contract.Transition;
import io.switchboard.common.contract.TransitionRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every call change except the claim itself (which {@link ClaimArbiter} serializes): create,
 * the requested transitions, declines, reads, and the expiry release. Each change is one guarded
 * statement in {@link CallSql}; a change that happened is published, a change refused is explained
 * (404, 403 or 409) by reading the call afterwards, never by changing anything.
 */
public final class CallTransitions {
  private static final Map<Transition, List<CallStatus>> FROM = new EnumMap<>(Map.of(
      Transition.PARK, List.of(CallStatus.ACTIVE),
      Transition.UNPARK, List.of(CallStatus.PARKED),
      // ACTIVE only while the claim is unconnected (the statement checks connected_at): see CallSql.VOICEMAIL.
      Transition.VOICEMAIL, List.of(CallStatus.RINGING, CallStatus.ACTIVE),
      Transition.CONNECT, List.of(CallStatus.ACTIVE),
      Transition.RELEASE, List.of(CallStatus.ACTIVE),
      Transition.END, List.copyOf(CallStatus.LIVE)));

  /**
   * What a plain agent may do only to a call assigned to it (an agent parks only its own call); an
   * admin, and Switchboard itself, to any call of the org. Unpark (handing a parked call to an
   * agent) is for anyone in the org.
   */
  private static final Set<Transition> OWN_CALL_ONLY = EnumSet.of(Transition.PARK, Transition.CONNECT,
      Transition.RELEASE, Transition.END);

  private final CallSql sql;
  private final BoardPublisher publisher;
  private final CallAccess access;

  public CallTransitions(CallSql sql, BoardPublisher publisher, CallAccess access) {
    this.sql = sql;
    this.publisher = publisher;
    this.access = access;
  }

  /** Creates the call, or returns the existing one unchanged when the webhook is retried. */
  public Future<CallView> create(CreateCall request) {
    CreateCall call = normalized(request);
    return sql.create(call).compose(created -> {
      if (created.isPresent()) {
        publisher.callChanged(created.get());
        publisher.ringing(created.get());
        return Future.succeededFuture(created.get());
      }
      return existing(call);
    });
  }

  private static CreateCall normalized(CreateCall call) {
    List<String> agents = call.rungAgents().stream().distinct().toList();
    if (call.ringMode() == RingMode.DIAL && agents.size() > RingMode.MAX_DIAL_AGENTS) {
      throw Failures.badRequest("'rungAgents' may hold at most " + RingMode.MAX_DIAL_AGENTS + " agents in dial mode");
    }
    return new CreateCall(call.callSid(), call.orgId(), call.from(), call.to(), call.ringMode(), agents,
        call.openVoicemails());
  }

  private Future<CallView> existing(CreateCall call) {
    return sql.find(call.callSid()).compose(found -> {
      CallView existing = found.orElseThrow(() -> Failures.conflict("the call was removed meanwhile")).call();
      if (!existing.orgId().equals(call.orgId())) {
        throw Failures.conflict("this CallSid belongs to another organization");
      }
      return Future.succeededFuture(existing);
    });
  }

  /** Rings a ringing call to new agents; only Switchboard itself (or an admin) re-offers a call. */
  public Future<CallView> offer(OfferCall request) {
    if (!request.actor().isPrivileged()) {
      throw Failures.forbidden("only Switchboard re-offers a call");
    }
    List<String> agents = request.rungAgents().stream().distinct().toList();
    if (agents.isEmpty() || agents.size() > RingMode.MAX_DIAL_AGENTS) {
      throw Failures.badRequest("'rungAgents' must hold 1 to " + RingMode.MAX_DIAL_AGENTS + " agents");
    }
    return sql.offer(request.callSid(), request.actor().orgId(), agents).compose(offered -> {
      if (offered.isPresent()) {
        publisher.callChanged(offered.get());
        publisher.ringing(offered.get());
        return Future.succeededFuture(offered.get());
      }
      return sql.find(request.callSid()).map(found -> {
        CallView call = found.orElseThrow(() -> Failures.notFound("no such call")).call();
        CallAccess.requireOrg(request.actor(), call);
        throw Conflict.state(call).failure("cannot offer a call that is " + Fields.lower(call.status()));
      });
    });
  }

  public Future<CallView> get(CallLookup lookup) {
    return sql.find(lookup.callSid()).map(found -> {
      CallView call = found.orElseThrow(() -> Failures.notFound("no such call")).call();
      CallAccess.requireOrg(lookup.actor(), call);
      return call;
    });
  }

  public Future<CallView> transition(TransitionRequest request) {
    Actor actor = request.actor();
    Transition transition = request.transition();
    if (transition == Transition.UNPARK && request.agentId() == null) {
      throw Failures.badRequest("'agentId' is required to unpark");
    }
    if (transition == Transition.VOICEMAIL && !actor.isPrivileged()) {
      throw Failures.forbidden("only Switchboard sends a call to voicemail");
    }
    String assignee = !actor.isPrivileged() && OWN_CALL_ONLY.contains(transition) ? actor.id() : null;
    String argument = switch (transition) {
      case UNPARK, CONNECT, RELEASE -> request.agentId();
      case VOICEMAIL, END -> request.reason();
      case PARK -> null;
    };
    return sql.transition(transition, request.callSid(), FROM.get(transition), actor.orgId(), assignee, argument,
            actor.id())
        .compose(done -> done.isPresent()
            ? Future.succeededFuture(changed(done.get()))
            : refused(request, assignee));
  }

  private CallView changed(CallSql.Released change) {
    publisher.callChanged(change.call());
    if (change.agentId() != null && change.call().status() == CallStatus.VOICEMAIL) {
      publisher.claimEndedInVoicemail(change.agentId(), change.call().callSid());
    } else if (change.agentId() != null) {
      publisher.claimExpired(change.agentId(), change.call().callSid());
    }
    return change.call();
  }

  /** Why a guarded transition changed nothing: unknown call, foreign org, not your call, or wrong state. */
  private Future<CallView> refused(TransitionRequest request, String assignee) {
    return sql.find(request.callSid()).compose(found -> {
      CallView call = found.orElseThrow(() -> Failures.notFound("no such call")).call();
      CallAccess.requireOrg(request.actor(), call);
      boolean stateAllows = FROM.get(request.transition()).contains(call.status());
      if (stateAllows && assignee != null && !assignee.equals(call.assignedTo())) {
        throw Failures.forbidden("this is not your call");
      }
      throw Conflict.state(call).failure("cannot " + Fields.lower(request.transition()) + " a call that is "
          + Fields.lower(call.status()));
    });
  }

  /**
   * Records a decline. The last rung agent's decline sends the call to voicemail in the same
   * statement, with reason "all-declined", so voice-webhook can redirect the caller at once. A
   * repeated decline by the same agent changes nothing and returns the call.
   */
  public Future<CallView> decline(DeclineRequest request) {
    Actor actor = request.actor();
    return sql.find(request.callSid())
        .compose(found -> {
          CallView call = found.orElseThrow(() -> Failures.notFound("no such call")).call();
          return access.mayAnswer(actor, call);
        })
        .compose(v -> sql.decline(request.callSid(), actor.id()))
        .compose(declined -> {
          if (declined.isPresent()) {
            publisher.callChanged(declined.get());
            return Future.succeededFuture(declined.get());
          }
          return alreadyDeclinedOrConflict(request);
        });
  }

  private Future<CallView> alreadyDeclinedOrConflict(DeclineRequest request) {
    return sql.find(request.callSid()).map(found -> {
      CallView call = found.orElseThrow(() -> Failures.notFound("no such call")).call();
      if (call.status() == CallStatus.RINGING && call.declinedBy().contains(request.actor().id())) {
        return call;
      }
      throw Conflict.state(call).failure("cannot decline a call that is " + Fields.lower(call.status()));
    });
  }

  /** The timer's release of an unconnected claim; empty when the claim was connected or changed meanwhile. */
  public Future<Optional<CallView>> expire(String callSid, long version) {
    return sql.expire(callSid, version).map(released -> released.map(this::changed));
  }

  /** Ends calls still ringing {@code olderThan} after they started, and tells everyone; returns how many. */
  public Future<Integer> endStaleRinging(Duration olderThan) {
    return sql.endStaleRinging(olderThan).map(ended -> {
      ended.forEach(publisher::callChanged);
      return ended.size();
    });
  }

  /** {@code calls.quiet}: live calls to look up at Twilio, taken so no other reconciler takes them too. */
  public Future<JsonObject> takeQuiet(QuietCallsRequest request) {
    return sql.takeQuiet(Duration.ofMillis(request.quietForMs()), request.limit())
        .map(calls -> new CallList(calls, null).toJson());
  }

  /** {@code calls.history}: a page of the actor's org's calls. */
  public Future<JsonObject> history(HistoryQuery query) {
    return sql.history(query).map(HistoryPage::toJson);
  }

  /** {@code calls.timeline}: one call of the actor's org and its events; another org's is 404 like an unknown one. */
  public Future<JsonObject> timeline(CallLookup lookup) {
    return sql.historyCall(lookup.callSid()).compose(found -> {
      if (found.isEmpty() || !found.get().getKey().equals(lookup.actor().orgId())) {
        return Future.failedFuture(Failures.notFound("no such call"));
      }
      return sql.timeline(lookup.callSid()).map(events -> new CallTimeline(found.get().getValue(), events).toJson());
    });
  }

  /** {@code {calls: [live CallViews], stats: {...}}} for the org's board. */
  public Future<JsonObject> snapshot(BoardQuery query) {
    Future<List<CallView>> calls = sql.liveCalls(query.orgId());
    Future<JsonObject> stats = sql.stats(query.orgId());
    return Future.all(calls, stats).map(v -> new CallList(calls.result(), stats.result()).toJson());
  }
}
