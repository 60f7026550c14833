package io.switchboard.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of one benchmark: {@code --name value} sizes and {@code --flag}s. {@code --tiny}
 * shrinks every size to what the unit tests run; an explicit size still wins over it.
 */
public final class BenchOptions {
  private final Map<String, String> values;
  private final Set<String> flags;

  private BenchOptions(Map<String, String> values, Set<String> flags) {
    this.values = values;
    this.flags = flags;
  }

  public static BenchOptions parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        values.put(name, args.get(++i));
      } else {
        flags.add(name);
      }
    }
    return new BenchOptions(values, flags);
  }

  public boolean tiny() {
    return flags.contains("tiny");
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  /** {@code --name N}, else {@code tinyValue} under {@code --tiny}, else {@code fullValue}. */
  public int integer(String name, int fullValue, int tinyValue) {
    String value = values.get(name);
    if (value == null) {
      return tiny() ? tinyValue : fullValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed <= 0) {
        throw new IllegalArgumentException("--" + name + " must be positive");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + value + "'");
    }
  }

  public String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }
}
