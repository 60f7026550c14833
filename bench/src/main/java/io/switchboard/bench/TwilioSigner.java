package io.switchboard.bench;

import com.twilio.security.RequestValidator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as Twilio does (HMAC-SHA1 over the URL followed by each POST parameter's
 * name and value, sorted by name, base64). The first signature is checked with the Twilio SDK's own
 * {@link RequestValidator}, so a drift from Twilio's algorithm fails the benchmark, not the server.
 */
public final class TwilioSigner {
  private final String authToken;
  private final RequestValidator validator;
  private boolean checked;

  public TwilioSigner(String authToken) {
    this.authToken = authToken;
    this.validator = new RequestValidator(authToken);
  }

  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    if (!checked) {
      if (!validator.validate(url, params, signature)) {
        throw new IllegalStateException("the bench's signature differs from the Twilio SDK's RequestValidator");
      }
      checked = true;
    }
    return signature;
  }
}
