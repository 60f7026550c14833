package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code calls.history}: one page of calls, newest first, and whether more follow. */
public record HistoryPage(List<HistoryCall> calls, int offset, int limit, boolean hasMore) {

  public JsonObject toJson() {
    return new JsonObject().put("calls", Fields.array(calls, HistoryCall::toJson)).put("offset", offset)
        .put("limit", limit).put("hasMore", hasMore);
  }

  public static HistoryPage fromJson(JsonObject json) {
    return new HistoryPage(Fields.optObjectList(json, "calls", HistoryCall::fromJson),
        (int) Fields.optLong(json, "offset", 0), (int) Fields.optLong(json, "limit", 0),
        Boolean.TRUE.equals(json.getBoolean("hasMore")));
  }
}
