package io.switchboard.common.contract;

import io.switchboard.common.bus.Failures;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code calls.history}: a page of the actor's org's calls, newest first. Every filter is optional:
 * {@code number} (digits, optionally with a leading +) found in the caller's or the called number;
 * {@code agentId}, an agent who took the call (claimed it, was connected or was handed it);
 * {@code since} (inclusive) and {@code until} (exclusive) bound when the call arrived; {@code outcome}
 * one of {@link #OUTCOMES} ({@code parked}: parked at least once, whatever came after).
 */
public record HistoryQuery(Actor actor, String number, String agentId, Instant since, Instant until, String outcome,
    int offset, int limit) {

  public static final Set<String> OUTCOMES = Set.of("answered", "abandoned", "voicemail", "parked", "live");
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;
  public static final int MAX_OFFSET = 100_000;
  private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,20}");

  public HistoryQuery {
    if (number != null && !NUMBER.matcher(number).matches()) {
      throw Failures.badRequest("'number' must be 1 to 20 digits, optionally after a +");
    }
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw Failures.badRequest("'outcome' must be one of answered, abandoned, voicemail, parked, live");
    }
    if (since != null && until != null && since.isAfter(until)) {
      throw Failures.badRequest("'since' must not be after 'until'");
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw Failures.badRequest("'offset' must be 0 to " + MAX_OFFSET);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Failures.badRequest("'limit' must be 1 to " + MAX_LIMIT);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("actor", actor.toJson()).put("number", number).put("agentId", agentId)
        .put("since", Fields.instant(since)).put("until", Fields.instant(until)).put("outcome", outcome)
        .put("offset", offset).put("limit", limit);
  }

  public static HistoryQuery fromJson(JsonObject json) {
    return new HistoryQuery(
        Actor.from(json),
        Fields.optString(json, "number"),
        Fields.optId(json, "agentId"),
        Fields.optInstant(json, "since"),
        Fields.optInstant(json, "until"),
        Fields.optString(json, "outcome"),
        (int) Fields.optLong(json, "offset", 0),
        (int) Fields.optLong(json, "limit", DEFAULT_LIMIT));
  }
}
