package io.switchboard.voice;

import io.switchboard.common.bus.Failures;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * The parameters of one (already signature-checked) Twilio webhook: Twilio's form fields and our
 * own query parameters. A missing or malformed one fails with 400 naming it, before anything is
 * stored or asked.
 */
final class TwilioRequest {
  static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
  static final Pattern RECORDING_SID = Pattern.compile("RE[0-9a-fA-F]{32}");
  static final Pattern CONFERENCE_SID = Pattern.compile("CF[0-9a-fA-F]{32}");
  /** E.164, a client address, a SIP URI or "anonymous": Twilio's From/To forms. */
  static final Pattern ADDRESS = Pattern.compile("[+0-9A-Za-z:@._\\-]{1,128}");
  static final Pattern ID = Pattern.compile("[0-9A-Za-z:@._+\\-]{1,128}");
  static final Pattern STATUS = Pattern.compile("[a-z\\-]{1,32}");
  static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
  private static final int MAX_TEXT = 20_000;

  private final MultiMap form;
  private final MultiMap query;

  TwilioRequest(RoutingContext ctx) {
    this.form = ctx.request().formAttributes();
    this.query = ctx.queryParams();
  }

  String form(String name, Pattern pattern) {
    return check(name, form.get(name), pattern);
  }

  String optForm(String name, Pattern pattern) {
    String value = form.get(name);
    return value == null || value.isEmpty() ? null : check(name, value, pattern);
  }

  String optText(String name) {
    String value = form.get(name);
    if (value != null && value.length() > MAX_TEXT) {
      throw Failures.badRequest("'" + name + "' is too long");
    }
    return value;
  }

  String query(String name, Pattern pattern) {
    return check(name, query.get(name), pattern);
  }

  String optQuery(String name, Pattern pattern) {
    String value = query.get(name);
    return value == null || value.isEmpty() ? null : check(name, value, pattern);
  }

  int optInt(String name) {
    String value = optForm(name, DIGITS);
    return value == null ? 0 : Integer.parseInt(value);
  }

  String url(String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() > 2048 || !(value.startsWith("https://") || value.startsWith("http://"))) {
      throw Failures.badRequest("'" + name + "' must be an http(s) URL");
    }
    return value;
  }

  private static String check(String name, String value, Pattern pattern) {
    if (value == null || value.isEmpty()) {
      throw Failures.badRequest("'" + name + "' is required");
    }
    if (!pattern.matcher(value).matches()) {
      throw Failures.badRequest("'" + name + "' is malformed");
    }
    return value;
  }
}
