package io.switchboard.sim;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Parses and validates a TwiML document with the JDK's XML parser, hardened: no DOCTYPE, no
 * external entities, no XInclude. A document Twilio would refuse throws {@link TwimlException}:
 * not XML or no {@code <Response>} root (12100, document parse failure), an unknown verb or noun
 * or a {@code <Dial>} with more than ten {@code <Client>}s (12200, schema validation; Twilio's
 * {@code <Dial>} docs: "you can specify up to ten Client nouns").
 */
final class TwimlParser {
  static final int MAX_CLIENTS = 10;
  static final Set<String> VERBS = Set.of("Say", "Play", "Pause", "Dial", "Record", "Redirect", "Hangup", "Reject",
      "Gather");
  private static final Set<String> GATHER_NOUNS = Set.of("Say", "Play", "Pause");
  private static final Set<String> DIAL_NOUNS = Set.of("Client", "Number", "Conference");

  private TwimlParser() {}

  /** The verbs of a {@code <Response>}. */
  static List<TwimlNode> parse(String xml) {
    Element root = parseXml(xml).getDocumentElement();
    if (!"Response".equals(root.getTagName())) {
      throw new TwimlException(12100, "the root element is <" + root.getTagName() + ">, not <Response>");
    }
    List<TwimlNode> verbs = elements(root);
    for (TwimlNode verb : verbs) {
      validate(verb);
    }
    return verbs;
  }

  private static void validate(TwimlNode verb) {
    if (!VERBS.contains(verb.name())) {
      throw new TwimlException(12200, "unsupported verb <" + verb.name() + ">");
    }
    if ("Gather".equals(verb.name())) {
      for (TwimlNode nested : verb.children()) {
        if (!GATHER_NOUNS.contains(nested.name())) {
          throw new TwimlException(12200, "<" + nested.name() + "> is not allowed in <Gather>");
        }
      }
      return;
    }
    if (!"Dial".equals(verb.name())) {
      return;
    }
    for (TwimlNode noun : verb.children()) {
      if (!DIAL_NOUNS.contains(noun.name())) {
        throw new TwimlException(12200, "unsupported <Dial> noun <" + noun.name() + ">");
      }
    }
    long clients = verb.children("Client").size();
    if (clients > MAX_CLIENTS) {
      throw new TwimlException(12200, "<Dial> has " + clients + " <Client> nouns; at most " + MAX_CLIENTS);
    }
    if (verb.children().isEmpty() && verb.text().isBlank()) {
      throw new TwimlException(12200, "<Dial> has nothing to dial");
    }
  }

  private static Document parseXml(String xml) {
    if (xml == null || xml.isBlank()) {
      throw new TwimlException(12100, "empty document");
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(xml.trim().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new TwimlException(12100, "not well-formed XML: " + e.getMessage());
    }
  }

  private static List<TwimlNode> elements(Element parent) {
    List<TwimlNode> nodes = new ArrayList<>();
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element element) {
        nodes.add(node(element));
      }
    }
    return nodes;
  }

  private static TwimlNode node(Element element) {
    Map<String, String> attributes = new LinkedHashMap<>();
    NamedNodeMap map = element.getAttributes();
    for (int i = 0; i < map.getLength(); i++) {
      attributes.put(map.item(i).getNodeName(), map.item(i).getNodeValue());
    }
    StringBuilder text = new StringBuilder();
    NodeList children = element.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        text.append(child.getNodeValue());
      }
    }
    return new TwimlNode(element.getTagName(), attributes, text.toString().trim(), elements(element));
  }
}
