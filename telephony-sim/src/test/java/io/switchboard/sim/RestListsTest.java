package io.switchboard.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.base.Page;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Conference;
import com.twilio.type.PhoneNumber;
import io.switchboard.common.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Twilio's list paging, filters and order, as the official libraries use them (next_page_uri). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestListsTest extends SimTestBase {

  private List<SimCall> callsFrom(int count) {
    app.twiml("/voice", response("<Say>Hello</Say><Pause length=\"600\"/>"));
    List<SimCall> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SimCall call = sim.inboundCall("+1555000100" + i, NUMBER).await();
      call.awaitEvent("pause", WITHIN).await();
      calls.add(call);
    }
    return calls;
  }

  private static List<String> sids(Iterable<Call> calls) {
    return StreamSupport.stream(calls.spliterator(), false).map(Call::getSid).toList();
  }

  @Test
  void theSdkPagesThroughCallsNewestFirstFollowingNextPageUri() {
    List<SimCall> made = callsFrom(5);
    Page<Call> first = Call.reader().setPageSize(2L).firstPage(sdk());
    assertEquals(List.of(made.get(4).sid(), made.get(3).sid()), sids(first.getRecords()), "newest first");
    assertTrue(first.hasNextPage());
    Page<Call> second = Call.reader().nextPage(first, sdk());
    Page<Call> third = Call.reader().nextPage(second, sdk());
    assertEquals(List.of(made.get(2).sid(), made.get(1).sid()), sids(second.getRecords()));
    assertEquals(List.of(made.get(0).sid()), sids(third.getRecords()));
    assertFalse(third.hasNextPage());
    // read() follows the pages itself: every call once.
    List<String> newestFirst = new ArrayList<>(made.stream().map(SimCall::sid).toList());
    Collections.reverse(newestFirst);
    assertEquals(newestFirst, sids(Call.reader().setPageSize(2L).read(sdk())));
  }

  @Test
  void aPageCarriesTwiliosEnvelopeWithPageUrisAndAPageToken() {
    List<SimCall> made = callsFrom(3);
    JsonObject first = restGet("/Calls.json?PageSize=2");
    assertEquals(200, first.getInteger("_status"));
    String base = "/2010-04-01/Accounts/" + TestConfigs.ACCOUNT_SID + "/Calls.json";
    assertEquals(0, first.getInteger("page"));
    assertEquals(2, first.getInteger("page_size"));
    assertEquals(base + "?PageSize=2&Page=0", first.getString("uri"));
    assertEquals(base + "?PageSize=2&Page=0", first.getString("first_page_uri"));
    assertNull(first.getString("previous_page_uri"));
    assertEquals(base + "?PageSize=2&Page=1&PageToken=PA" + made.get(1).sid(), first.getString("next_page_uri"));
    assertEquals(0, first.getInteger("start"));
    assertEquals(1, first.getInteger("end"));

    JsonObject second = restGet(first.getString("next_page_uri").substring(base.length() - "/Calls.json".length()));
    assertEquals(1, second.getInteger("page"));
    assertEquals(List.of(made.get(0).sid()), second.getJsonArray("calls").stream()
        .map(c -> ((JsonObject) c).getString("sid")).toList());
    assertNull(second.getString("next_page_uri"));
    assertEquals(base + "?PageSize=2&Page=0&PageToken=PB" + made.get(0).sid(), second.getString("previous_page_uri"));
    assertEquals(2, second.getInteger("start"));
  }

  @Test
  void aPageTokenKeepsTheNextPageRightWhileNewCallsArrive() {
    List<SimCall> made = callsFrom(4);
    Page<Call> first = Call.reader().setPageSize(2L).firstPage(sdk());
    callsFrom(1); // a newer call: by page number alone it would push made(2) onto page 1 again
    Page<Call> second = Call.reader().nextPage(first, sdk());
    assertEquals(List.of(made.get(1).sid(), made.get(0).sid()), sids(second.getRecords()));
  }

  @Test
  void callsAreFilteredByToFromStatusParentAndStartTime() {
    List<SimCall> made = callsFrom(3);
    made.get(0).hangUp().await();
    made.get(0).awaitEnd(WITHIN).await();
    assertEquals(List.of(made.get(1).sid()), sids(Call.reader().setFrom(new PhoneNumber(made.get(1).from())).read(sdk())));
    assertEquals(3, sids(Call.reader().setTo(new PhoneNumber(NUMBER)).read(sdk())).size());
    assertEquals(List.of(), sids(Call.reader().setTo(new PhoneNumber("+15550009999")).read(sdk())));
    assertEquals(List.of(made.get(0).sid()), sids(Call.reader().setStatus(Call.Status.COMPLETED).read(sdk())));
    assertEquals(List.of(made.get(2).sid(), made.get(1).sid()),
        sids(Call.reader().setStatus(Call.Status.IN_PROGRESS).read(sdk())));
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    assertEquals(3, sids(Call.reader().setStartTimeAfter(now.minusMinutes(5)).read(sdk())).size());
    assertEquals(List.of(), sids(Call.reader().setStartTimeAfter(now.plusMinutes(5)).read(sdk())));
    assertEquals(List.of(), sids(Call.reader().setStartTimeBefore(now.minusMinutes(5)).read(sdk())));
    assertEquals(3, sids(Call.reader().setStartTime(now).read(sdk())).size(), "started today (UTC)");
    // The raw forms, as a date: StartTime>=YYYY-MM-DD and StartTime<=YYYY-MM-DD.
    String today = now.toLocalDate().toString();
    assertEquals(3, restGet("/Calls.json?StartTime%3E=" + today).getJsonArray("calls").size());
    assertEquals(0, restGet("/Calls.json?StartTime%3C=" + now.toLocalDate().minusDays(1)).getJsonArray("calls").size());
    assertEquals(List.of(made.get(0).sid()), sids(Call.reader().setEndTimeAfter(now.minusMinutes(5)).read(sdk())));
  }

  @Test
  void dialedLegsAreListedByParentCallSidAndFiltersAreRepeatedInPageUris() {
    app.twiml("/voice", response("<Dial><Client>a</Client><Client>b</Client><Client>c</Client></Dial>"));
    SimCall caller = sim.inboundCall(CALLER, NUMBER).await();
    caller.awaitEvent("dial", WITHIN).await();
    List<String> children = sids(Call.reader().setParentCallSid(caller.sid()).setPageSize(2L).read(sdk()));
    assertEquals(3, children.size());
    assertTrue(children.stream().noneMatch(caller.sid()::equals));
    JsonObject page = restGet("/Calls.json?ParentCallSid=" + caller.sid() + "&PageSize=2");
    assertTrue(page.getString("next_page_uri").contains("ParentCallSid=" + caller.sid() + "&"), page.encode());
    assertTrue(page.getString("first_page_uri").contains("ParentCallSid=" + caller.sid()), page.encode());
  }

  @Test
  void malformedPagingOrFiltersAre400WithTwilioCode20001() {
    for (String query : List.of("PageSize=0", "PageSize=1001", "PageSize=x", "Page=-1", "PageToken=nonsense",
        "StartTime%3E=yesterday")) {
      JsonObject answer = restGet("/Calls.json?" + query);
      assertEquals(400, answer.getInteger("_status"), query);
      assertEquals(20001, answer.getInteger("code"), query);
    }
    assertEquals(400, restGet("/Conferences.json?DateCreated=soon").getInteger("_status"));
  }

  @Test
  void conferencesArePagedNewestFirstAndFilteredByNameStatusAndDate() {
    app.twiml("/voice", response("<Dial><Conference>room-a</Conference></Dial>"));
    SimCall a = sim.inboundCall(CALLER, NUMBER).await();
    a.awaitEvent("conference-waiting", WITHIN).await();
    app.twiml("/voice", response("<Dial><Conference>room-b</Conference></Dial>"));
    SimCall b = sim.inboundCall(CALLER, NUMBER).await();
    b.awaitEvent("conference-waiting", WITHIN).await();
    a.hangUp().await();
    a.awaitEvent("conference-left", WITHIN).await();
    Page<Conference> first = Conference.reader().setPageSize(1L).firstPage(sdk());
    assertEquals("room-b", first.getRecords().get(0).getFriendlyName());
    Page<Conference> second = Conference.reader().nextPage(first, sdk());
    assertEquals("room-a", second.getRecords().get(0).getFriendlyName());
    assertFalse(second.hasNextPage());
    List<Conference> completed = StreamSupport.stream(
        Conference.reader().setStatus(Conference.Status.COMPLETED).read(sdk()).spliterator(), false).toList();
    assertEquals(List.of("room-a"), completed.stream().map(Conference::getFriendlyName).toList());
    String today = ZonedDateTime.now(ZoneOffset.UTC).toLocalDate().toString();
    assertEquals(2, restGet("/Conferences.json?DateCreated=" + today).getJsonArray("conferences").size());
    assertEquals(0, restGet("/Conferences.json?DateCreated%3E=" + ZonedDateTime.now(ZoneOffset.UTC).toLocalDate()
        .plusDays(1)).getJsonArray("conferences").size());
    assertNotNull(restGet("/Conferences.json?FriendlyName=room-b").getJsonArray("conferences").getJsonObject(0));
  }
}
