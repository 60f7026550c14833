package io.switchboard.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A list request as Twilio reads it: filters named by the list, {@code PageSize} (default 50, 1 to
 * 1000), {@code Page} (the page index, "simply for client state") and {@code PageToken} (given by the
 * API in {@code next_page_uri}/{@code previous_page_uri}: {@code PA<sid>} starts after that item,
 * {@code PB<sid>} ends before it, so a page followed by its token stays right while newer items
 * arrive). Answers Twilio's paging envelope: {@code uri} (this page), {@code first_page_uri},
 * {@code next_page_uri} and {@code previous_page_uri} (null at the ends), {@code page},
 * {@code page_size}, {@code start}, {@code end}. A malformed parameter is 400, Twilio error 20001.
 */
final class ListQuery {
  /** A parameter Twilio would refuse. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message);
    }
  }

  private final RoutingContext ctx;
  private final List<String> filterNames;
  final int pageSize;
  final int page;
  private final String pageToken;

  private ListQuery(RoutingContext ctx, List<String> filterNames) {
    this.ctx = ctx;
    this.filterNames = filterNames;
    this.pageSize = intParam("PageSize", 50, 1, 1000);
    this.page = intParam("Page", 0, 0, Integer.MAX_VALUE);
    this.pageToken = ctx.request().getParam("PageToken");
    if (pageToken != null && !pageToken.matches("P[AB][A-Z]{2}[0-9a-f]{32}")) {
      throw new Invalid("PageToken '" + pageToken + "' was not given by this API");
    }
  }

  /** Reads paging and remembers which filters the list knows (they are repeated in its page URIs). */
  static ListQuery of(RoutingContext ctx, String... filterNames) {
    return new ListQuery(ctx, List.of(filterNames));
  }

  String param(String name) {
    return ctx.request().getParam(name);
  }

  /** A boolean filter ({@code true}/{@code false}), or empty. */
  Optional<Boolean> bool(String name) {
    String value = param(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new Invalid(name + " must be true or false, not '" + value + "'");
    }
    return Optional.of(Boolean.parseBoolean(value.toLowerCase()));
  }

  /**
   * The date filters {@code name}, {@code name<} and {@code name>} (sent by the SDKs as
   * {@code name<=}/{@code name>=}) on one instant of each item, inclusive: {@code name} is one UTC
   * day; a bound is a day ({@code 2026-12-02}: its start, or its end for an upper bound) or a UTC
   * date-time. An item whose instant is null matches no date filter.
   */
  <T> Predicate<T> dateFilter(String name, Function<T, Instant> instant) {
    Optional<Instant> after = bound(name + ">", false);
    Optional<Instant> before = bound(name + "<", true);
    Optional<LocalDate> on;
    try {
      on = Optional.ofNullable(param(name)).map(v -> LocalDate.parse(v.substring(0, Math.min(10, v.length()))));
    } catch (RuntimeException e) {
      throw new Invalid(name + " is not a date: " + param(name));
    }
    if (after.isEmpty() && before.isEmpty() && on.isEmpty()) {
      return item -> true;
    }
    return item -> {
      Instant at = instant.apply(item);
      return at != null
          && (after.isEmpty() || !at.isBefore(after.get()))
          && (before.isEmpty() || !at.isAfter(before.get()))
          && (on.isEmpty() || on.get().equals(at.atZone(ZoneOffset.UTC).toLocalDate()));
    };
  }

  private Optional<Instant> bound(String name, boolean upper) {
    String value = param(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return Optional.of((upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant()
            .minusNanos(upper ? 1 : 0));
      }
      String utc = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$") ? value : value + "Z";
      return Optional.of(OffsetDateTime.parse(utc).toInstant());
    } catch (RuntimeException e) {
      throw new Invalid(name + " is not a date or date-time: " + value);
    }
  }

  private int intParam(String name, int fallback, int min, int max) {
    String value = ctx.request().getParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new Invalid(name + " " + value + " is out of range " + min + ".." + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new Invalid(name + " '" + value + "' is not a number");
    }
  }

  /**
   * The page of {@code items} (already filtered and in list order) this request asks for, in
   * Twilio's envelope under {@code key}; {@code sid} names an item for page tokens.
   */
  <T> JsonObject page(String key, String listUri, List<T> items, Function<T, String> sid,
      Function<T, JsonObject> json) {
    int from;
    int to;
    if (pageToken == null) {
      from = (int) Math.min((long) page * pageSize, items.size());
      to = Math.min(from + pageSize, items.size());
    } else {
      String anchor = pageToken.substring(2);
      int at = indexOf(items, sid, anchor);
      if (pageToken.startsWith("PA")) {
        from = at < 0 ? items.size() : at + 1;
        to = Math.min(from + pageSize, items.size());
      } else {
        to = at < 0 ? 0 : at;
        from = Math.max(0, to - pageSize);
      }
    }
    List<JsonObject> shown = new ArrayList<>();
    items.subList(from, to).forEach(item -> shown.add(json.apply(item)));
    String filters = filters();
    String base = listUri + "?" + filters + "PageSize=" + pageSize;
    String self = base + "&Page=" + page + (pageToken == null ? "" : "&PageToken=" + pageToken);
    String next = to < items.size() && to > from
        ? base + "&Page=" + (page + 1) + "&PageToken=PA" + sid.apply(items.get(to - 1)) : null;
    String previous = from > 0 && page > 0
        ? base + "&Page=" + (page - 1) + "&PageToken=PB" + sid.apply(items.get(from)) : null;
    return new JsonObject()
        .put(key, new JsonArray(shown))
        .put("uri", self)
        .put("first_page_uri", base + "&Page=0")
        .put("next_page_uri", next)
        .put("previous_page_uri", previous)
        .put("page", page)
        .put("page_size", pageSize)
        .put("start", (long) page * pageSize)
        .put("end", (long) page * pageSize + Math.max(0, shown.size() - 1));
  }

  private static <T> int indexOf(List<T> items, Function<T, String> sid, String anchor) {
    for (int i = 0; i < items.size(); i++) {
      if (anchor.equals(sid.apply(items.get(i)))) {
        return i;
      }
    }
    return -1;
  }

  /** The list's filters present in this request, URL-encoded, each followed by {@code &}. */
  private String filters() {
    StringBuilder query = new StringBuilder();
    for (String name : filterNames) {
      String value = param(name);
      if (value != null) {
        query.append(encode(name)).append('=').append(encode(value)).append('&');
      }
    }
    return query.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
