package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code board.snapshot.parked}: the org's parking lot. */
public record ParkedList(List<ParkedView> parked) {

  public JsonObject toJson() {
    return new JsonObject().put("parked", Fields.array(parked, ParkedView::toJson));
  }

  public static ParkedList fromJson(JsonObject json) {
    return new ParkedList(Fields.optObjectList(json, "parked", ParkedView::fromJson));
  }
}
