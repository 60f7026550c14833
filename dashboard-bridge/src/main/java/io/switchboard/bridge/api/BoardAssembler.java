package io.switchboard.bridge.api;

import io.switchboard.bridge.directory.Directory;
import io.switchboard.bridge.directory.DirectoryUser;

import io.switchboard.common.bus.Addresses;
import io.switchboard.common.bus.Bus;
import io.switchboard.common.contract.AgentStatus;
import io.switchboard.common.contract.AgentView;
import io.switchboard.common.contract.BoardQuery;
import io.switchboard.common.contract.Fields;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/board}: the four owners' snapshots, asked in parallel, merged with the org's
 * directory users so every user has an agent card (offline, version 0, when presence has no row).
 *
 * <p>A part whose owner is down does not fail the board: the answer holds what is there plus
 * {@code "partial": ["parked", ...]}, because an agent is better served by a live board with an
 * empty parking lot and a warning than by no board at all. The calls part is the exception: a
 * board without its calls would show "nothing is ringing" when that is unknown, so it is a 503.
 */
public final class BoardAssembler {
  private static final Logger LOG = LoggerFactory.getLogger(BoardAssembler.class);

  private final EventBus bus;
  private final Directory directory;
  private final long timeoutMs;

  public BoardAssembler(EventBus bus, Directory directory, Duration timeout) {
    this.bus = bus;
    this.directory = directory;
    this.timeoutMs = timeout.toMillis();
  }

  Future<JsonObject> board(String orgId) {
    JsonObject query = new BoardQuery(orgId).toJson();
    Future<JsonObject> calls = Bus.request(bus, Addresses.BOARD_SNAPSHOT_CALLS, query, timeoutMs);
    Part agents = part("agents", Bus.request(bus, Addresses.BOARD_SNAPSHOT_AGENTS, query, timeoutMs));
    Part parked = part("parked", Bus.request(bus, Addresses.BOARD_SNAPSHOT_PARKED, query, timeoutMs));
    Part voicemails = part("voicemails", Bus.request(bus, Addresses.BOARD_SNAPSHOT_VOICEMAILS, query, timeoutMs));
    Part users = part("users", directory.users(orgId).map(BoardAssembler::usersJson));
    // join waits for every part to finish, failed or not; then the calls part decides.
    return Future.join(List.of(calls, agents.answer, parked.answer, voicemails.answer, users.answer))
        .transform(ignored -> calls)
        .map(callsReply -> merge(orgId, callsReply, agents, parked, voicemails, users));
  }

  /** One optional part: a failure becomes "missing" (logged) instead of failing the board. */
  private record Part(String name, Future<JsonObject> answer) {
    boolean missing() {
      return answer.failed();
    }

    JsonArray list(String field, String orgId) {
      return missing() ? new JsonArray() : ownOrg(answer.result().getJsonArray(field, new JsonArray()), orgId);
    }
  }

  private static Part part(String name, Future<JsonObject> request) {
    return new Part(name, request.onFailure(t -> LOG.warn("board part {} unavailable: {}", name, t.getMessage())));
  }

  private JsonObject merge(String orgId, JsonObject callsReply, Part agents, Part parked, Part voicemails, Part users) {
    JsonArray calls = ownOrg(callsReply.getJsonArray("calls", new JsonArray()), orgId);
    JsonArray parkedList = parked.list("parked", orgId);
    JsonObject board = new JsonObject()
        .put("calls", calls)
        .put("agents", agentCards(orgId, agents, users))
        .put("parked", parkedList)
        .put("voicemails", voicemails.list("voicemails", orgId))
        .put("stats", stats(callsReply, calls, parkedList))
        .put("serverTime", Instant.now().toString());
    JsonArray partial = new JsonArray();
    for (Part p : List.of(agents, parked, voicemails, users)) {
      if (p.missing()) {
        partial.add(p.name());
      }
    }
    if (!partial.isEmpty()) {
      board.put("partial", partial);
    }
    return board;
  }

  /**
   * One card per directory user, carrying presence's status and version when it has a row. With
   * the directory unreadable, presence's own cards are shown as they are; with presence down,
   * every user is shown offline at version 0, so the first live delta replaces the card.
   */
  private static JsonArray agentCards(String orgId, Part agents, Part users) {
    JsonArray presence = agents.list("agents", orgId);
    if (users.missing()) {
      return presence;
    }
    Map<String, JsonObject> byId = new HashMap<>();
    presence.forEach(o -> byId.put(((JsonObject) o).getString("agentId"), (JsonObject) o));
    JsonArray cards = new JsonArray();
    for (Object o : users.answer.result().getJsonArray("users")) {
      JsonObject user = (JsonObject) o;
      JsonObject card = byId.get(user.getString("id"));
      if (card == null) {
        card = new AgentView(user.getString("id"), orgId, null, AgentStatus.OFFLINE, null, null, 0).toJson();
      } else {
        card = card.copy();
      }
      cards.add(card.put("name", user.getString("name")).put("role", user.getString("role")));
    }
    return cards;
  }

  /**
   * Live counters derivable from the snapshot. If the claim-service adds a {@code stats} object to
   * its snapshot (answered and abandoned today, average time to answer), its fields pass through.
   */
  private static JsonObject stats(JsonObject callsReply, JsonArray calls, JsonArray parked) {
    Instant now = Instant.now();
    int waiting = 0;
    long longestWait = 0;
    int active = 0;
    for (Object o : calls) {
      JsonObject call = (JsonObject) o;
      String status = call.getString("status");
      if ("ringing".equals(status)) {
        waiting++;
        Instant created = Fields.optInstant(call, "createdAt");
        if (created != null) {
          longestWait = Math.max(longestWait, Duration.between(created, now).toSeconds());
        }
      } else if ("active".equals(status)) {
        active++;
      }
    }
    JsonObject stats = callsReply.getJsonObject("stats", new JsonObject()).copy();
    return stats.put("waiting", waiting).put("longestWaitSeconds", longestWait).put("active", active)
        .put("parked", parked.size());
  }

  private static JsonObject usersJson(List<DirectoryUser> users) {
    JsonArray list = new JsonArray();
    users.forEach(u -> list.add(new JsonObject().put("id", u.id()).put("name", u.name()).put("role", u.roleName())));
    return new JsonObject().put("users", list);
  }

  /** Defence in depth: never pass on an item of another org, whatever a service answered. */
  static JsonArray ownOrg(JsonArray items, String orgId) {
    List<Object> kept = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item instanceof JsonObject json && orgId.equals(json.getString("orgId"))) {
        kept.add(json);
      }
    }
    return new JsonArray(kept);
  }
}
