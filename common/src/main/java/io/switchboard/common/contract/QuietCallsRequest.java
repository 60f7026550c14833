package io.switchboard.common.contract;

import io.switchboard.common.bus.Failures;
import io.vertx.core.json.JsonObject;

/**
 * {@code calls.quiet}: take up to {@code limit} live calls nothing was heard of for
 * {@code quietForMs} (no state change, no Twilio check) to look them up at Twilio. Taking them
 * marks them checked, so another reconciler takes other calls. Reply: {@code {"calls": [CallView...]}}.
 * Only Switchboard's own services send it (the browser bridge forwards nothing inbound).
 */
public record QuietCallsRequest(long quietForMs, int limit) {
  public static final int MAX_LIMIT = 500;

  public QuietCallsRequest {
    if (quietForMs < 0) {
      throw Failures.badRequest("'quietForMs' must not be negative");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Failures.badRequest("'limit' must be 1 to " + MAX_LIMIT);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("quietForMs", quietForMs).put("limit", limit);
  }

  public static QuietCallsRequest fromJson(JsonObject json) {
    long limit = Fields.optLong(json, "limit", 0);
    return new QuietCallsRequest(Fields.optLong(json, "quietForMs", -1),
        (int) Math.max(0, Math.min(limit, MAX_LIMIT + 1L)));
  }
}
