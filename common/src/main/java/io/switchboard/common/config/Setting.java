package io.switchboard.common.config;

/**
 * Every setting Switchboard reads, by its environment variable name, with its default (null when
 * it has none). Services declare which of these they require; {@link ConfigLoader} validates them.
 */
public enum Setting {
  SWITCHBOARD_PG_URL("postgresql://postgres@127.0.0.1:5432/switchboard", "PostgreSQL URL"),
  SWITCHBOARD_PG_POOL_SIZE("8", "connections per process"),
  SWITCHBOARD_PG_CONNECT_TIMEOUT_MS("3000", "PostgreSQL connect timeout"),
  SWITCHBOARD_HTTP_PORT("8080", "HTTP port of this process"),
  SWITCHBOARD_PUBLIC_URL(null, "the public base URL Twilio reaches, e.g. https://switchboard.example.com"),
  SWITCHBOARD_JWT_SECRET(null, "secret that signs dashboard logins, at least 32 characters"),
  SWITCHBOARD_JWT_TTL_SECONDS("43200", "how long a dashboard login lasts"),
  SWITCHBOARD_CLUSTER("false", "join the Hazelcast cluster"),
  SWITCHBOARD_CLUSTER_CONFIG(null, "path of a Hazelcast XML config (default: cluster.xml)"),
  SWITCHBOARD_CLUSTER_HOST("127.0.0.1", "address this node's event bus binds and advertises"),
  SWITCHBOARD_CLUSTER_KUBERNETES("false", "discover members through the Kubernetes API instead of TCP-IP"),
  SWITCHBOARD_CLUSTER_SERVICE_DNS(null, "headless Service DNS name for Kubernetes discovery"),
  SWITCHBOARD_LOG_FORMAT("text", "text or json"),
  SWITCHBOARD_REQUEST_TIMEOUT_MS("5000", "event-bus request timeout"),
  SWITCHBOARD_MAX_BODY_BYTES("65536", "largest HTTP request body accepted"),
  SWITCHBOARD_RING_TIMEOUT_SECONDS("30", "how long a call rings before voicemail"),
  SWITCHBOARD_CLAIM_CONNECT_TIMEOUT_SECONDS("15", "how long a claim winner has to connect"),
  SWITCHBOARD_PRESENCE_GRACE_SECONDS("15", "how long an agent without a dashboard stays online"),
  SWITCHBOARD_WRAP_UP_SECONDS("0", "default after-call work time"),
  SWITCHBOARD_PARK_TIMEOUT_SECONDS("300", "default time a call stays parked before it rings back"),
  SWITCHBOARD_MAX_MISSED_RINGS("0",
      "default number of unanswered rings in a row after which an agent is put away ('missed calls'); 0: never"),
  SWITCHBOARD_RECONCILE_INTERVAL_SECONDS("60", "how often live calls and voicemails are checked against Twilio"),
  SWITCHBOARD_RECONCILE_AFTER_SECONDS("120",
      "a live call Switchboard has not heard of for this long is looked up at Twilio (and ended if it is over)"),
  SWITCHBOARD_SPOT_KEYPAD_SECONDS("0",
      "while an org has parked calls, how long its inbound calls listen for * and a spot before they ring; 0: off"),
  TWILIO_ACCOUNT_SID(null, "Twilio account SID (AC...)"),
  TWILIO_AUTH_TOKEN(null, "Twilio auth token"),
  TWILIO_API_KEY(null, "Twilio API key SID (SK...) for browser access tokens"),
  TWILIO_API_SECRET(null, "Twilio API key secret"),
  TWILIO_TWIML_APP_SID(null, "TwiML app SID (AP...) for outgoing browser calls"),
  TWILIO_API_BASE_URL("https://api.twilio.com", "Twilio REST base URL (telephony-sim in the demo)"),
  SMTP_HOST(null, "SMTP server for voicemail notifications (unset: notifications are only logged)"),
  SMTP_PORT("25", "SMTP port"),
  SMTP_USERNAME(null, "SMTP user"),
  SMTP_PASSWORD(null, "SMTP password"),
  SMTP_FROM("switchboard@localhost", "sender of notification emails"),
  SMTP_STARTTLS("optional", "disabled, optional or required"),
  SIM_PORT("8089", "telephony-sim HTTP port"),
  SIM_TIME_SCALE("1.0", "telephony-sim time scale: 0.01 runs a 30 s timeout in 0.3 s"),
  SIM_WEBHOOK_URL(null, "where telephony-sim sends a new call's voice webhook");

  private final String defaultValue;
  private final String description;

  Setting(String defaultValue, String description) {
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
