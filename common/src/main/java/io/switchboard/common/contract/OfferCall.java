package io.switchboard.common.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code calls.offer}: ring a ringing call to a new set of agents (for example every available
 * agent after a park ring-back nobody answered). The call's rung agents are replaced and its
 * declines cleared, so exactly these agents may claim it.
 */
public record OfferCall(String callSid, List<String> rungAgents, Actor actor) {

  public JsonObject toJson() {
    return new JsonObject().put("callSid", callSid).put("rungAgents", new JsonArray(List.copyOf(rungAgents)))
        .put("actor", actor.toJson());
  }

  public static OfferCall fromJson(JsonObject json) {
    return new OfferCall(Fields.requireId(json, "callSid"), Fields.optIdList(json, "rungAgents"), Actor.from(json));
  }
}
