package io.switchboard.bridge.auth;

import com.twilio.jwt.accesstoken.AccessToken;
import com.twilio.jwt.accesstoken.VoiceGrant;
import io.switchboard.common.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Twilio Voice SDK access tokens for the browser: identity = the agent's id (what the voice
 * webhook dials as {@code <Client>}), incoming calls allowed, outgoing through the TwiML app.
 * Signed locally with the API key secret; no call to Twilio.
 */
public final class TwilioTokens {
  static final Duration TTL = Duration.ofHours(1);

  private final SwitchboardConfig.Twilio twilio;

  public TwilioTokens(SwitchboardConfig.Twilio twilio) {
    this.twilio = twilio;
  }

  public JsonObject issue(String identity) {
    VoiceGrant grant = new VoiceGrant().setIncomingAllow(true).setOutgoingApplicationSid(twilio.twimlAppSid());
    String token = new AccessToken.Builder(twilio.accountSid(), twilio.apiKey(),
            twilio.apiSecret().getBytes(StandardCharsets.UTF_8))
        .identity(identity)
        .ttl((int) TTL.toSeconds())
        .grant(grant)
        .build()
        .toJwt();
    return new JsonObject().put("token", token).put("identity", identity)
        .put("expiresAt", expiry(token).toString());
  }

  /** The token's own {@code exp}, so the UI refreshes against exactly what Twilio will check. */
  private static Instant expiry(String jwt) {
    String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    return Instant.ofEpochSecond(new JsonObject(payload).getLong("exp"));
  }
}
