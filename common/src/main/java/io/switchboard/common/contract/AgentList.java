package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The reply of {@code presence.available} (the org's ringable agents, longest idle first) and of
 * {@code board.snapshot.agents} (every agent of the org presence knows).
 */
public record AgentList(List<AgentView> agents) {

  /** The agents' ids, in the list's order. */
  public List<String> ids() {
    return agents.stream().map(AgentView::agentId).toList();
  }

  public JsonObject toJson() {
    return new JsonObject().put("agents", Fields.array(agents, AgentView::toJson));
  }

  public static AgentList fromJson(JsonObject json) {
    return new AgentList(Fields.optObjectList(json, "agents", AgentView::fromJson));
  }
}
