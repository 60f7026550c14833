package io.switchboard.sim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Twilio-Signature} exactly as Twilio computes it (Twilio docs, "Webhooks security"):
 * HMAC-SHA1 keyed with the auth token over the full URL (query included) followed by every POST
 * parameter sorted by name, each name immediately followed by its value; base64. The one signer:
 * the simulator's webhooks and every test or load generator that poses as Twilio use it.
 */
public final class TwilioSignature {
  private TwilioSignature() {}

  public static String sign(String authToken, String url, Map<String, String> postParams) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(postParams).forEach((name, value) -> data.append(name).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is unavailable", e);
    }
  }
}
