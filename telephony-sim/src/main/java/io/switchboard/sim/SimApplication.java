package io.switchboard.sim;

import java.net.URI;

/**
 * A TwiML application (Twilio's Application resource, {@code AP...}): where a call a Voice SDK device
 * places ({@code device.connect}) gets its TwiML. An application nobody configured uses the
 * simulator's default voice URL.
 */
public final class SimApplication {
  private final String sid;
  private volatile URI voiceUrl;
  private volatile String voiceMethod = "POST";

  SimApplication(String sid, URI voiceUrl) {
    this.sid = sid;
    this.voiceUrl = voiceUrl;
  }

  public String sid() {
    return sid;
  }

  public URI voiceUrl() {
    return voiceUrl;
  }

  public String voiceMethod() {
    return voiceMethod;
  }

  public SimApplication voiceUrl(URI url, String method) {
    this.voiceUrl = url;
    this.voiceMethod = method == null ? "POST" : method.toUpperCase();
    return this;
  }

  public SimApplication voiceUrl(URI url) {
    return voiceUrl(url, "POST");
  }
}
