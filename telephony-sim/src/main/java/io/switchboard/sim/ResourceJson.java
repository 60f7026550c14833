package io.switchboard.sim;

import io.vertx.core.json.JsonObject;

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
    // Twilio: end_time is "empty if the call did not complete successfully"; duration "is empty for busy, failed, unanswered, or ongoing calls"; start_time is empty
    // until the call is dialed (a queued call), then when it was dialed, answered or not.
    Long duration = "completed".equals(call.status()) && call.answeredAt() != null
        ? ex.clock().simulatedSeconds(call.answeredAt(), call.endedAt()) : null;
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
        .put("start_time", Rfc2822.format(call.startedAt()))
        .put("end_time", "completed".equals(call.status()) ? Rfc2822.format(call.endedAt()) : null)
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
        .put("label", p.label)
        .put("call_sid_to_coach", p.callSidToCoach)
        .put("coaching", p.coaching)
        .put("conference_sid", room.sid)
        .put("date_created", Rfc2822.format(p.joinedAt))
        .put("date_updated", Rfc2822.format(p.updatedAt))
        .put("end_conference_on_exit", p.endConferenceOnExit)
        .put("muted", p.muted)
        .put("hold", p.hold)
        .put("start_conference_on_enter", p.startConferenceOnEnter)
        .put("status", p.status(room.isConnected(p)))
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

  /** The URI of a list of the account ({@code path} like {@code /Calls.json}). */
  String listUri(String path) {
    return account() + path;
  }

  /** Twilio's error body: {@code {code, message, more_info, status}}. */
  static JsonObject error(int code, String message, int status) {
    return new JsonObject().put("code", code).put("message", message)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status);
  }
}
