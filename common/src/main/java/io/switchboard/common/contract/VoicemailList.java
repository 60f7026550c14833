package io.switchboard.common.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The reply of {@code board.snapshot.voicemails}: the org's latest voicemails. */
public record VoicemailList(List<VoicemailView> voicemails) {

  public JsonObject toJson() {
    return new JsonObject().put("voicemails", Fields.array(voicemails, VoicemailView::toJson));
  }

  public static VoicemailList fromJson(JsonObject json) {
    return new VoicemailList(Fields.optObjectList(json, "voicemails", VoicemailView::fromJson));
  }
}
