package io.switchboard.sim;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Twilio AccessToken as Twilio does before a Voice SDK device may register: an HS256 JWT
 * signed with the API key's secret, issued by that API key ({@code iss}) for the account
 * ({@code sub}), not expired, whose {@code grants.identity} is the identity being registered.
 */
final class AccessTokens {
  private final String accountSid;
  private final String apiKey;
  private final String apiSecret;

  AccessTokens(String accountSid, String apiKey, String apiSecret) {
    this.accountSid = accountSid;
    this.apiKey = apiKey;
    this.apiSecret = apiSecret;
  }

  /** Null when valid for {@code identity}, else why not. */
  String problem(String token, String identity) {
    if (apiKey == null || apiSecret == null) {
      return "the simulator has no API key to check tokens with";
    }
    if (token == null || identity == null) {
      return "token and identity are required";
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return "not a JWT";
    }
    try {
      JsonObject header = new JsonObject(decode(parts[0]));
      if (!"HS256".equals(header.getString("alg"))) {
        return "unsupported algorithm " + header.getString("alg");
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
        return "bad signature";
      }
      JsonObject payload = new JsonObject(decode(parts[1]));
      if (!apiKey.equals(payload.getString("iss")) || !accountSid.equals(payload.getString("sub"))) {
        return "token is for another API key or account";
      }
      Long exp = payload.getLong("exp");
      if (exp == null || exp * 1000 < System.currentTimeMillis()) {
        return "token expired";
      }
      JsonObject grants = payload.getJsonObject("grants", new JsonObject());
      if (!identity.equals(grants.getString("identity"))) {
        return "token identity is not " + identity;
      }
      if (!grants.containsKey("voice")) {
        return "token has no voice grant";
      }
      return null;
    } catch (GeneralSecurityException | RuntimeException e) {
      return "unreadable token: " + e.getMessage();
    }
  }

  /** The outgoing application SID of a token's voice grant, or null (read only; check the token first). */
  String outgoingApplication(String token) {
    try {
      JsonObject payload = new JsonObject(decode(token.split("\\.")[1]));
      JsonObject voice = payload.getJsonObject("grants", new JsonObject()).getJsonObject("voice", new JsonObject());
      return voice.getJsonObject("outgoing", new JsonObject()).getString("application_sid");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
