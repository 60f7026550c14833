package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;

/**
 * One change to an organization's board, published on {@code board.<orgId>}. A browser applies it
 * only if {@code version} is newer than the version it holds for the same entity ({@code key}).
 */
public record BoardDelta(Kind kind, Op op, String key, long version, JsonObject data) {

  public enum Kind {
    CALL,
    AGENT,
    PARKED,
    VOICEMAIL,
    /** The org's day counters ({@code key}: the org; {@code version}: when computed, epoch ms). */
    STATS
  }

  public enum Op {
    UPSERT,
    REMOVE
  }

  public static BoardDelta upsert(Kind kind, String key, long version, JsonObject data) {
    return new BoardDelta(kind, Op.UPSERT, key, version, data);
  }

  public static BoardDelta remove(Kind kind, String key, long version, JsonObject data) {
    return new BoardDelta(kind, Op.REMOVE, key, version, data);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("kind", Fields.lower(kind)).put("op", Fields.lower(op)).put("key", key)
        .put("version", version).put("data", data);
  }

  public static BoardDelta fromJson(JsonObject json) {
    return new BoardDelta(
        Fields.requireEnum(json, "kind", Kind.class),
        Fields.requireEnum(json, "op", Op.class),
        Fields.requireString(json, "key"),
        Fields.optLong(json, "version", 0),
        json.getJsonObject("data"));
  }
}
