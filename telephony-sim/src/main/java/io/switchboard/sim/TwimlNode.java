package io.switchboard.sim;

import java.util.List;
import java.util.Map;

/** One parsed TwiML element: a verb or a noun, with its attributes, text and children. */
record TwimlNode(String name, Map<String, String> attributes, String text, List<TwimlNode> children) {

  String attr(String attribute, String fallback) {
    String value = attributes.get(attribute);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** Like {@link #attr} but an attribute present and empty stays empty (e.g. {@code waitUrl=""}). */
  String rawAttr(String attribute) {
    return attributes.get(attribute);
  }

  int intAttr(String attribute, int fallback, int min, int max) {
    String value = attr(attribute, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Math.max(min, Math.min(max, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      throw new TwimlException(12200, name + ": invalid " + attribute + " '" + value + "'");
    }
  }

  boolean boolAttr(String attribute, boolean fallback) {
    String value = attr(attribute, null);
    return value == null ? fallback : "true".equalsIgnoreCase(value);
  }

  List<TwimlNode> children(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).toList();
  }
}
