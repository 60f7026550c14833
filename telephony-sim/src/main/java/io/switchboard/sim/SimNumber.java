package io.switchboard.sim;

import java.net.URI;

/**
 * A phone number's voice configuration, as in Twilio's console: its voice URL and method, a
 * fallback URL (requested when the voice URL fails or returns bad TwiML) and a status callback
 * (Twilio requests it when a call to the number ends).
 */
public final class SimNumber {
  private final String number;
  private volatile URI voiceUrl;
  private volatile String voiceMethod = "POST";
  private volatile URI fallbackUrl;
  private volatile URI statusCallback;

  SimNumber(String number, URI voiceUrl, URI statusCallback) {
    this.number = number;
    this.voiceUrl = voiceUrl;
    this.statusCallback = statusCallback;
  }

  public String number() {
    return number;
  }

  public URI voiceUrl() {
    return voiceUrl;
  }

  public String voiceMethod() {
    return voiceMethod;
  }

  public URI fallbackUrl() {
    return fallbackUrl;
  }

  public URI statusCallback() {
    return statusCallback;
  }

  public SimNumber voiceUrl(URI url, String method) {
    this.voiceUrl = url;
    this.voiceMethod = method == null ? "POST" : method.toUpperCase();
    return this;
  }

  public SimNumber voiceUrl(URI url) {
    return voiceUrl(url, "POST");
  }

  public SimNumber fallbackUrl(URI url) {
    this.fallbackUrl = url;
    return this;
  }

  public SimNumber statusCallback(URI url) {
    this.statusCallback = url;
    return this;
  }
}
