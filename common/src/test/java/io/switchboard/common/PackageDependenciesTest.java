package io.switchboard.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * common's packages use each other in one direction only (bus used by metrics and metrics by bus
 * was such a loop), so each can be read, and changed, before the ones that use it.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/switchboard/common");
  private static final Pattern USE = Pattern.compile("io\\.switchboard\\.common\\.([a-z]+)\\.[A-Z]");
  /** Comments name classes without using them. */
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  @Test
  void noTwoPackagesOfCommonUseEachOtherEvenThroughOthers() throws IOException {
    Map<String, Set<String>> uses = uses();
    assertTrue(uses.containsKey("bus") && uses.containsKey("contract"), "read the sources: " + uses.keySet());
    List<String> loops = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (reaches(uses, to, from, new TreeSet<>())) {
          loops.add(from + " -> " + to);
        }
      }
    }
    assertEquals(List.of(), loops, "uses that lead back to where they start: " + uses);
  }

  private static Map<String, Set<String>> uses() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = SOURCES.relativize(file).getName(0).toString();
        Set<String> used = uses.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = USE.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(""));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            used.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    return uses.getOrDefault(from, Set.of()).stream().anyMatch(next -> reaches(uses, next, target, seen));
  }
}
