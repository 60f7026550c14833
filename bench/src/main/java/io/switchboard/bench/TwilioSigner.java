package io.switchboard.bench;

import com.twilio.security.RequestValidator;
import io.switchboard.sim.TwilioSignature;
import java.util.Map;

/**
 * Signs webhook requests as Twilio does, with the simulator's {@link TwilioSignature}. The first signature is checked with the Twilio SDK's own
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
    String signature = TwilioSignature.sign(authToken, url, params);
    if (!checked) {
      if (!validator.validate(url, params, signature)) {
        throw new IllegalStateException("the bench's signature differs from the Twilio SDK's RequestValidator");
      }
      checked = true;
    }
    return signature;
  }
}
