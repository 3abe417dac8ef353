package io.github.bsdtalk.examples.session;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

/** A rendered diagram read back with the JDK's XML parser, and the elements tests look for. */
final class Svg {

  static final String NS = "http://www.w3.org/2000/svg";

  private Svg() {}

  /**
   * Parses a document, namespace aware, without fetching anything.
   *
   * @throws Exception if it is not well-formed XML
   */
  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    // the default handler prints parse errors to stderr; tests must not print, the exception says
    // it
    builder.setErrorHandler(new DefaultHandler());
    return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /** Every SVG element of the name whose class attribute holds all the classes. */
  static List<Element> find(Document document, String name, String... classes) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = document.getElementsByTagNameNS(NS, name);
    for (int i = 0; i < nodes.getLength(); i++) {
      Element element = (Element) nodes.item(i);
      List<String> has = Arrays.asList(element.getAttribute("class").split(" "));
      if (has.containsAll(Arrays.asList(classes))) {
        found.add(element);
      }
    }
    return found;
  }

  /** The text of the element's first child of that name and class, or null. */
  static String childText(Element parent, String name, String cls) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && NS.equals(element.getNamespaceURI())
          && name.equals(element.getLocalName())
          && (cls == null || cls.equals(element.getAttribute("class")))) {
        return element.getTextContent();
      }
    }
    return null;
  }

  /** Every attribute value in the document, of every element. */
  static List<String> attributes(Document document) {
    List<String> values = new ArrayList<>();
    NodeList all = document.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      var map = all.item(i).getAttributes();
      for (int a = 0; a < map.getLength(); a++) {
        values.add(map.item(a).getNodeName() + "=" + map.item(a).getNodeValue());
      }
    }
    return values;
  }
}
