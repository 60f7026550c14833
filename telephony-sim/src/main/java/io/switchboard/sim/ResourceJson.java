package io.switchboard.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Twilio's REST resources as JSON, with Twilio's field names (those of its OpenAPI description
 * {@code twilio_api_v2010.json}) and RFC 2822 dates, so the Twilio SDK parses them.
 */
final class ResourceJson {
  private final Exchange ex;

  ResourceJson(Exchange ex) {
    this.ex = ex;
  }

  private String account() {
    return "/2010-04-01/Accounts/" + ex.accountSid();
  }

  JsonObject call(SimCall call) {
    String uri = account() + "/Calls/" + call.sid();
    Long duration = call.endedAt() == null ? null
        : ex.clock().simulatedSeconds(call.answeredAt() == null ? call.endedAt() : call.answeredAt(), call.endedAt());
    return new JsonObject()
        .put("sid", call.sid())
        .put("date_created", Rfc2822.format(call.createdAt()))
        .put("date_updated", Rfc2822.format(call.updatedAt()))
        .put("parent_call_sid", call.parentCallSid())
        .put("account_sid", ex.accountSid())
        .put("to", call.to())
        .put("to_formatted", call.to())
        .put("from", call.from())
        .put("from_formatted", call.from())
        .put("phone_number_sid", null)
        .put("status", call.status())
        .put("start_time", Rfc2822.format(call.answeredAt()))
        .put("end_time", Rfc2822.format(call.endedAt()))
        .put("duration", duration == null ? null : duration.toString())
        .put("price", null)
        .put("price_unit", "USD")
        .put("direction", call.direction())
        .put("answered_by", null)
        .put("api_version", Exchange.API_VERSION)
        .put("forwarded_from", null)
        .put("group_sid", null)
        .put("caller_name", null)
        .put("queue_time", "0")
        .put("trunk_sid", null)
        .put("uri", uri + ".json")
        .put("subresource_uris", new JsonObject()
            .put("notifications", uri + "/Notifications.json")
            .put("recordings", uri + "/Recordings.json")
            .put("payments", uri + "/Payments.json")
            .put("events", uri + "/Events.json")
            .put("siprec", uri + "/Siprec.json")
            .put("streams", uri + "/Streams.json")
            .put("user_defined_message_subscriptions", uri + "/UserDefinedMessageSubscriptions.json")
            .put("user_defined_messages", uri + "/UserDefinedMessages.json"));
  }

  JsonObject conference(ConferenceRoom room) {
    String uri = account() + "/Conferences/" + room.sid;
    return new JsonObject()
        .put("account_sid", ex.accountSid())
        .put("date_created", Rfc2822.format(room.createdAt))
        .put("date_updated", Rfc2822.format(room.updatedAt))
        .put("api_version", Exchange.API_VERSION)
        .put("friendly_name", room.friendlyName)
        .put("region", "us1")
        .put("sid", room.sid)
        .put("status", room.status)
        .put("uri", uri + ".json")
        .put("subresource_uris", new JsonObject()
            .put("participants", uri + "/Participants.json")
            .put("recordings", uri + "/Recordings.json"))
        .put("reason_conference_ended", room.reasonEnded)
        .put("call_sid_ending_conference", room.callSidEnding);
  }

  JsonObject participant(ConferenceRoom room, ConferenceRoom.Participant p) {
    return new JsonObject()
        .put("account_sid", ex.accountSid())
        .put("call_sid", p.call.sid())
        .put("label", null)
        .put("call_sid_to_coach", null)
        .put("coaching", false)
        .put("conference_sid", room.sid)
        .put("date_created", Rfc2822.format(p.joinedAt))
        .put("date_updated", Rfc2822.format(p.updatedAt))
        .put("end_conference_on_exit", p.endConferenceOnExit)
        .put("muted", p.muted)
        .put("hold", false)
        .put("start_conference_on_enter", p.startConferenceOnEnter)
        .put("status", "connected")
        .put("queue_time", "0")
        .put("uri", account() + "/Conferences/" + room.sid + "/Participants/" + p.call.sid() + ".json");
  }

  JsonObject recording(Recording r) {
    String uri = ex.recordings.path(r.sid());
    return new JsonObject()
        .put("account_sid", ex.accountSid())
        .put("api_version", Exchange.API_VERSION)
        .put("call_sid", r.callSid())
        .put("conference_sid", null)
        .put("date_created", Rfc2822.format(r.createdAt()))
        .put("date_updated", Rfc2822.format(r.createdAt()))
        .put("start_time", Rfc2822.format(r.startTime()))
        .put("duration", Long.toString(r.durationSeconds()))
        .put("sid", r.sid())
        .put("price", null)
        .put("price_unit", "USD")
        .put("status", "completed")
        .put("channels", 1)
        .put("source", "RecordVerb")
        .put("error_code", null)
        .put("uri", uri + ".json")
        .put("encryption_details", null)
        .put("subresource_uris", new JsonObject()
            .put("add_on_results", uri + "/AddOnResults.json")
            .put("transcriptions", uri + "/Transcriptions.json"))
        .put("media_url", ex.recordings.mediaUrl(r.sid()));
  }

  /** One page of a list, in Twilio's paging envelope (everything fits on the first page). */
  JsonObject page(String key, String path, List<JsonObject> items) {
    String uri = account() + path;
    return new JsonObject()
        .put(key, new JsonArray(items))
        .put("uri", uri)
        .put("first_page_uri", uri + "?PageSize=" + Math.max(50, items.size()) + "&Page=0")
        .put("next_page_uri", null)
        .put("previous_page_uri", null)
        .put("page", 0)
        .put("page_size", Math.max(50, items.size()))
        .put("start", 0)
        .put("end", Math.max(0, items.size() - 1));
  }

  /**
   * Page {@code page} of {@code pageSize} items, in Twilio's paging envelope: {@code next_page_uri}
   * repeats {@code query} (the list's filters, URL-encoded) with the next page number, null on the last page.
   */
  JsonObject page(String key, String path, List<JsonObject> items, int pageSize, int page, String query) {
    String uri = account() + path;
    int from = (int) Math.min((long) page * pageSize, items.size());
    int to = Math.min(from + pageSize, items.size());
    String filters = query.isEmpty() ? "" : query + "&";
    return new JsonObject()
        .put(key, new JsonArray(items.subList(from, to)))
        .put("uri", uri + "?" + filters + "PageSize=" + pageSize + "&Page=" + page)
        .put("first_page_uri", uri + "?" + filters + "PageSize=" + pageSize + "&Page=0")
        .put("next_page_uri", to < items.size() ? uri + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page + 1) : null)
        .put("previous_page_uri", page > 0 ? uri + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page - 1) : null)
        .put("page", page)
        .put("page_size", pageSize)
        .put("start", from)
        .put("end", Math.max(from, to - 1));
  }

  /** Twilio's error body: {@code {code, message, more_info, status}}. */
  static JsonObject error(int code, String message, int status) {
    return new JsonObject().put("code", code).put("message", message)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status);
  }
}
