package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code calls.timeline}: one call and its events in the order they happened. */
public record CallTimeline(HistoryCall call, List<HistoryEvent> events) {

  public JsonObject toJson() {
    return new JsonObject().put("call", call.toJson()).put("events", Fields.array(events, HistoryEvent::toJson));
  }

  public static CallTimeline fromJson(JsonObject json) {
    return new CallTimeline(HistoryCall.fromJson(json.getJsonObject("call")),
        Fields.optObjectList(json, "events", HistoryEvent::fromJson));
  }
}
