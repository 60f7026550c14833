package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The reply of {@code board.snapshot.calls} (the org's live calls and its day counters) and of
 * {@code calls.quiet} (calls taken for a check at Twilio, without counters). {@code stats}: the day
 * counters as the claim-service computes them (answered, abandoned, average times), which the
 * bridge passes on to browsers unread; null when there are none.
 */
public record CallList(List<CallView> calls, JsonObject stats) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("calls", Fields.array(calls, CallView::toJson));
    return stats == null ? json : json.put("stats", stats);
  }

  public static CallList fromJson(JsonObject json) {
    return new CallList(Fields.optObjectList(json, "calls", CallView::fromJson), json.getJsonObject("stats"));
  }
}
