package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code board.snapshot.voicemails}: the org's latest voicemails. */
public record VoicemailList(List<VoicemailView> voicemails) {
  /** The field that holds the list; the bridge passes the list on to browsers as it is. */
  public static final String FIELD = "voicemails";

  public JsonObject toJson() {
    return new JsonObject().put(FIELD, Fields.array(voicemails, VoicemailView::toJson));
  }

  public static VoicemailList fromJson(JsonObject json) {
    return new VoicemailList(Fields.optObjectList(json, FIELD, VoicemailView::fromJson));
  }
}
