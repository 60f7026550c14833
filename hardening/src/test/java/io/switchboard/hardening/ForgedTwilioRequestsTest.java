package io.switchboard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.testing.PgTestDatabase;
import io.switchboard.common.testing.TestConfigs;
import io.switchboard.common.testing.TestDatabase;
import io.switchboard.common.twilio.TwilioPaths;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code /twilio/*} webhook (all of {@link TwilioPaths}, found by reflection so a new one is
 * covered) refuses requests Twilio did not sign for exactly this public URL and these parameters,
 * and stores nothing. Twilio's documented example signature is checked by voice-webhook's
 * {@code WebhookContractTest.documentedExampleSignature} (same validator, same route check).
 */
@ExtendWith(PgTestDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForgedTwilioRequestsTest {
  Stack stack;
  final Random random = new Random(12);

  @BeforeAll
  void start(TestDatabase db) {
    stack = Stack.start(TestConfigs.values(db.url()), db.url(), 0.05, 2);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  static List<String> webhookPaths() throws IllegalAccessException {
    List<String> paths = new ArrayList<>();
    for (Field f : TwilioPaths.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        paths.add((String) f.get(null));
      }
    }
    return paths;
  }

  String sid(String prefix) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  /** Parameters a genuine request to any webhook could carry, so only the signature is wrong. */
  Map<String, String> plausible() {
    Map<String, String> p = new LinkedHashMap<>();
    String callSid = sid("CA");
    p.put("CallSid", callSid);
    p.put("AccountSid", TestConfigs.ACCOUNT_SID);
    p.put("From", "+15557770001");
    p.put("To", Seed.NUMBER_A);
    p.put("CallStatus", "completed");
    p.put("DialCallStatus", "no-answer");
    p.put("RecordingSid", sid("RE"));
    p.put("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/x");
    p.put("RecordingDuration", "5");
    p.put("TranscriptionText", "hello");
    p.put("TranscriptionStatus", "completed");
    p.put("ConferenceSid", sid("CF"));
    p.put("FriendlyName", "park-" + callSid + "-1");
    p.put("StatusCallbackEvent", "conference-start");
    return p;
  }

  String query(String path) {
    return "?org=" + Seed.ORG_A + "&callSid=" + sid("CA") + "&agent=" + stack.orgs.agentsA().get(0).id()
        + "&purpose=unpark&conference=park-x";
  }

  String url(String pathAndQuery) {
    return stack.config.publicUrl(pathAndQuery);
  }

  @Test
  void everyWebhookRefusesEveryForgeryAndStoresNothing() throws Exception {
    String before = stack.fingerprint();
    Map<String, Integer> byStatus = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    List<String> paths = webhookPaths();
    for (String path : paths) {
      String target = path + query(path);
      Map<String, String> params = plausible();
      Map<String, String> changed = new LinkedHashMap<>(params);
      changed.put("CallSid", sid("CA"));
      Map<String, String> forgeries = new LinkedHashMap<>();
      forgeries.put("no signature", null);
      forgeries.put("wrong signature", "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==");
      forgeries.put("empty signature", "");
      forgeries.put("signed for another URL", TwilioSigner.sign(TestConfigs.AUTH_TOKEN,
          "https://attacker.example" + target, params));
      forgeries.put("signed for another query", TwilioSigner.sign(TestConfigs.AUTH_TOKEN,
          url(path + "?org=" + Seed.ORG_B), params));
      forgeries.put("signed for another path", TwilioSigner.sign(TestConfigs.AUTH_TOKEN,
          url(TwilioPaths.HOLD_MUSIC.equals(path) ? TwilioPaths.VOICE : TwilioPaths.HOLD_MUSIC) + query(path), params));
      forgeries.put("signed with another auth token", TwilioSigner.sign("another-accounts-auth-token-0000",
          url(target), params));
      for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
        Api.Reply reply = TwilioSigner.post(stack.api, target, params, forgery.getValue(), Map.of());
        sent++;
        byStatus.merge(Integer.toString(reply.status()), 1, Integer::sum);
        if (reply.status() != 403 || !reply.isErrorShape()) {
          failures.add(path + " " + forgery.getKey() + ": " + reply.status() + " " + reply.body());
        }
      }
      // A genuine request replayed with one parameter changed.
      String genuine = TwilioSigner.sign(TestConfigs.AUTH_TOKEN, url(target), params);
      Api.Reply replay = TwilioSigner.post(stack.api, target, changed, genuine, Map.of());
      sent++;
      byStatus.merge(Integer.toString(replay.status()), 1, Integer::sum);
      if (replay.status() != 403) {
        failures.add(path + " replay with CallSid changed: " + replay.status());
      }
    }
    String after = stack.fingerprint();
    System.out.printf("HARDENING forged: endpoints=%d sent=%d byStatus=%s stored=%s%n", paths.size(), sent, byStatus,
        before.equals(after) ? 0 : "CHANGED");
    assertEquals(List.of(), failures);
    assertEquals(before, after, "a forged request stored something");
    assertEquals(15, paths.size(), "every webhook path of TwilioPaths is tried");
  }

  @Test
  void behindAProxyTheSignatureIsCheckedAgainstThePublicUrlNotTheForwardedOne() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", sid("CA"));
    params.put("From", "+15557770002");
    params.put("To", "+15550000999"); // no org has it: a genuine request answers without storing a call
    Map<String, String> proxied = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "attacker.example",
        "X-Forwarded-Port", "443", "Host", "attacker.example", "Forwarded", "proto=https;host=attacker.example");
    String forForwarded = TwilioSigner.sign(TestConfigs.AUTH_TOKEN, "https://attacker.example" + TwilioPaths.VOICE, params);
    Api.Reply refused = TwilioSigner.post(stack.api, TwilioPaths.VOICE, params, forForwarded, proxied);
    assertEquals(403, refused.status(), refused.body());

    String forPublic = TwilioSigner.sign(TestConfigs.AUTH_TOKEN, url(TwilioPaths.VOICE), params);
    Api.Reply accepted = TwilioSigner.post(stack.api, TwilioPaths.VOICE, params, forPublic, proxied);
    assertEquals(200, accepted.status(), accepted.body());
    assertTrue(accepted.body().contains("<Response>"), accepted.body());
    System.out.printf("HARDENING forged proxy: forwardedSigned=%d publicSigned=%d%n", refused.status(), accepted.status());
  }

  @AfterAll
  static void printStalls() {
  }
}
