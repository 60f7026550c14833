package io.switchboard.bench;

import com.sun.management.OperatingSystemMXBean;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent by this JVM and by every PostgreSQL process of the machine between two readings.
 * On a shared 2-core machine throughput swings with whatever else runs; CPU time per request is
 * what a request costs, so it is the steadier figure, and it says which side the cost lies on
 * (Switchboard's JVM or the database). PostgreSQL's share is read from /proc (Linux), at the
 * kernel's clock-tick resolution (10 ms); a backend that exits between readings is not counted.
 */
public final class CpuMeter {
  private static final double TICK_NANOS = 1e9 / 100;

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

  public static Reading read() {
    return new Reading(jvmNanos(), postgresNanos());
  }

  private static long jvmNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** utime + stime of every process whose command is "postgres". */
  private static long postgresNanos() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return -1;
    }
    long ticks = 0;
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path pid : pids) {
        ticks += postgresTicks(pid.resolve("stat"));
      }
    } catch (IOException e) {
      return -1;
    }
    return (long) (ticks * TICK_NANOS);
  }

  private static long postgresTicks(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
    // "pid (comm) state ppid ..." where comm may hold spaces: split after the last ')'.
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
      return 0;
    }
    String[] fields = line.substring(close + 2).split(" ");
    // After the comm: state(0) ppid(1) ... utime(11) stime(12)
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
