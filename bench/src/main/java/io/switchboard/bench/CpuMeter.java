package io.switchboard.bench;

import com.sun.management.OperatingSystemMXBean;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time spent by this JVM and by PostgreSQL between two readings. On a shared 2-core machine
 * throughput swings with whatever else runs; CPU time per request is what a request costs, so it is
 * the steadier figure, and it says which side the cost lies on (Switchboard's JVM or the database).
 * PostgreSQL's share is read from /proc (Linux), at the kernel's clock-tick resolution (10 ms): once
 * {@link #measurePostgres} has named the bench's server and database, the processes of that server
 * that serve the bench's database (backends, autovacuum workers) or the whole server (checkpointer,
 * WAL writer, background writer), not other databases' backends, which on a machine shared with
 * other test runs counted their work as the bench's (and their exits made it negative); before
 * that, every PostgreSQL process of the machine. A process that exits between readings is not
 * counted (a parallel query's workers, which show no database, are not counted at all).
 */
public final class CpuMeter {
  private static final double TICK_NANOS = 1e9 / 100;
  /** The bench server's postmaster, or -1: every PostgreSQL process of the machine. */
  private static volatile long postmaster = -1;
  private static volatile String database;

  /** One reading: cumulative CPU nanoseconds of this JVM and of PostgreSQL (-1 where unknown). */
  public record Reading(long jvmNanos, long postgresNanos) {
    /** CPU microseconds per operation since {@code before}: {jvm, postgres}. */
    public Cost since(Reading before, long operations) {
      double jvm = (jvmNanos - before.jvmNanos) / 1e3 / operations;
      double pg = postgresNanos < 0 || before.postgresNanos < 0
          ? Double.NaN
          : (postgresNanos - before.postgresNanos) / 1e3 / operations;
      return new Cost(jvm, pg);
    }
  }

  /** CPU microseconds per operation, in the JVM and in PostgreSQL (NaN if it could not be read). */
  public record Cost(double jvmMicros, double postgresMicros) {
    public double totalMicros() {
      return Double.isNaN(postgresMicros) ? jvmMicros : jvmMicros + postgresMicros;
    }

    public JsonObject toJson() {
      return new JsonObject().put("jvm", Spread.round(jvmMicros)).put("postgres", Spread.round(postgresMicros));
    }
  }

  /** The costs of one side over several rounds: medians and spread, as a benchmark reports them. */
  public static final class Costs {
    final Spread jvm = new Spread();
    final Spread postgres = new Spread();

    public void add(Cost cost) {
      jvm.add(cost.jvmMicros());
      postgres.add(cost.postgresMicros());
    }

    public JsonObject toJson() {
      return new JsonObject().put("jvm", jvm.toJson()).put("postgres", postgres.toJson());
    }

    /** "6.5 us JVM + 5.0 us PostgreSQL" (medians). */
    public String describe() {
      return String.format("%.1f us JVM + %.1f us PostgreSQL", jvm.median(), postgres.median());
    }
  }

  private CpuMeter() {}

  /**
   * From now on PostgreSQL's share is that of the server whose postmaster is {@code postmasterPid}
   * (ignored if -1) serving {@code databaseName}.
   */
  public static void measurePostgres(long postmasterPid, String databaseName) {
    database = databaseName;
    postmaster = postmasterPid;
  }

  /** The parent of process {@code pid}, or -1 if it is not on this machine. */
  public static long parentPid(long pid) {
    String[] fields = statFields(Path.of("/proc", Long.toString(pid), "stat"));
    return fields == null ? -1 : Long.parseLong(fields[1]);
  }

  public static Reading read() {
    return new Reading(jvmNanos(), postgresNanos());
  }

  private static long jvmNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** utime + stime of the PostgreSQL processes measured (see the class comment). */
  private static long postgresNanos() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return -1;
    }
    long server = postmaster;
    long ticks = 0;
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pid : pids) {
        String[] fields = statFields(pid.resolve("stat"));
        if (fields == null || (server >= 0 && !ofBench(pid, fields, server))) {
          continue;
        }
        // After the comm: state(0) ppid(1) ... utime(11) stime(12)
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    } catch (IOException e) {
      return -1;
    }
    return (long) (ticks * TICK_NANOS);
  }

  /**
   * The postmaster itself, its server-wide processes, and its processes for the bench's database:
   * a child's command line is "postgres: checkpointer" or "postgres: USER DATABASE HOST(PORT) STATE"
   * (an autovacuum worker "postgres: autovacuum worker DATABASE").
   */
  private static boolean ofBench(Path pid, String[] fields, long server) {
    if (Long.parseLong(pid.getFileName().toString()) == server) {
      return true;
    }
    if (Long.parseLong(fields[1]) != server) {
      return false;
    }
    String command;
    try {
      command = new String(Files.readAllBytes(pid.resolve("cmdline")), StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException gone) {
      return false;
    }
    if (command.contains(" " + database + " ") || command.endsWith(" " + database)) {
      return true;
    }
    return SERVER_WIDE.stream().anyMatch(command::endsWith);
  }

  private static final List<String> SERVER_WIDE = List.of("checkpointer", "background writer",
      "walwriter", "autovacuum launcher", "logical replication launcher", "archiver");

  /** The fields of a process's stat after its command, or null if it is gone or not PostgreSQL. */
  private static String[] statFields(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException | RuntimeException gone) {
      return null;
    }
    // "pid (comm) state ppid ..." where comm may hold spaces: split after the last ')'.
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
      return null;
    }
    return line.substring(close + 2).split(" ");
  }
}
