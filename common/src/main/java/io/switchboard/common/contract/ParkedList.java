package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code board.snapshot.parked}: the org's parking lot. */
public record ParkedList(List<ParkedView> parked) {
  /** The field that holds the list; the bridge passes the list on to browsers as it is. */
  public static final String FIELD = "parked";

  public JsonObject toJson() {
    return new JsonObject().put(FIELD, Fields.array(parked, ParkedView::toJson));
  }

  public static ParkedList fromJson(JsonObject json) {
    return new ParkedList(Fields.optObjectList(json, FIELD, ParkedView::fromJson));
  }
}
