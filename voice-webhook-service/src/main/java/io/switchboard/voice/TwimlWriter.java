package io.switchboard.voice;

import com.twilio.twiml.TwiML;
import com.twilio.twiml.VoiceResponse;
import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;

/**
 * Writes a {@code VoiceResponse} exactly as the Twilio SDK's {@code toXml()} does (the SDK builds the
 * elements; the JDK's identity transformer writes them, with the SDK's settings), but with one
 * document builder and one transformer per thread. {@code toXml()} looks both factories up and
 * creates a parser and a transformer for every document it writes, which was the largest single
 * cost of {@code /twilio/voice} (BENCHMARKS.md, "The webhook path").
 */
final class TwimlWriter {
  private static final ThreadLocal<Serializer> SERIALIZER = ThreadLocal.withInitial(Serializer::new);

  private TwimlWriter() {}

  /** The document {@code response.build().toXml()} would give. */
  static String write(VoiceResponse.Builder response) {
    Serializer serializer = SERIALIZER.get();
    try {
      return serializer.write(new Response(response));
    } catch (RuntimeException e) {
      // A transformer that failed half-way is not reused.
      SERIALIZER.remove();
      throw e;
    }
  }

  /** The {@code <Response>} element of {@code VoiceResponse}, whose element building is the SDK's own. */
  private static final class Response extends TwiML {
    Response(VoiceResponse.Builder builder) {
      super("Response", builder);
    }

    void appendTo(Document document) {
      document.appendChild(buildXmlElement(document));
    }
  }

  private static final class Serializer {
    private final DocumentBuilder documents;
    private final Transformer transformer;

    Serializer() {
      try {
        documents = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        transformer = factory.newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "no");
      } catch (ParserConfigurationException | TransformerException e) {
        throw new IllegalStateException("no XML serializer: " + e.getMessage(), e);
      }
    }

    String write(Response response) {
      Document document = documents.newDocument();
      document.setXmlStandalone(true);
      response.appendTo(document);
      StringWriter out = new StringWriter(512);
      try {
        transformer.transform(new DOMSource(document), new StreamResult(out));
      } catch (TransformerException e) {
        throw new IllegalStateException("could not write TwiML: " + e.getMessage(), e);
      }
      return out.toString().trim();
    }
  }
}
