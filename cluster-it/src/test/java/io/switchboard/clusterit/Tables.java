package io.switchboard.clusterit;

import static io.switchboard.clusterit.Waits.until;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The services' tables, read straight from PostgreSQL: the truth the API's answers and the board are checked against. */
final class Tables {
  private final Pool pg;

  Tables(Pool pg) {
    this.pg = pg;
  }

  Pool pool() {
    return pg;
  }

  List<Row> list(String sql) {
    List<Row> rows = new ArrayList<>();
    pg.query(sql).execute().timeout(10, TimeUnit.SECONDS).await().forEach(rows::add);
    return rows;
  }

  /** Every row of {@code sql}, by the value of its column {@code key}. */
  Map<String, Row> rows(String sql, String key) {
    Map<String, Row> rows = new HashMap<>();
    list(sql).forEach(r -> rows.put(r.getString(key), r));
    return rows;
  }

  long count(String sql) {
    return list(sql).get(0).getLong(0);
  }

  Row call(String callSid) {
    List<Row> rows = list("SELECT * FROM claims.calls WHERE call_sid = '" + callSid + "'");
    return rows.isEmpty() ? null : rows.get(0);
  }

  void awaitCall(String callSid, Predicate<Row> match, String what) {
    until(() -> {
      Row row = call(callSid);
      return row != null && match.test(row);
    }, "call " + callSid + " " + what);
  }

  String presence(String agent) {
    List<Row> rows = list("SELECT status FROM presence.agent_presence WHERE agent_id = '" + agent + "'");
    return rows.isEmpty() ? null : rows.get(0).getString("status");
  }
}
