package dev.passerelle.invoicing.pdf;

import java.util.Set;

import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a filled template as HTML5: UTF-8 text as it is (the JDK's HTML serializer turns every
 * accented letter into an entity), void elements without end tags, and every text and attribute
 * value escaped here, in one place.
 */
final class HtmlWriter {

    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr");
    private static final Set<String> RAW_TEXT = Set.of("style", "script");

    private HtmlWriter() {
    }

    static String write(org.w3c.dom.Document page) {
        StringBuilder out = new StringBuilder(16 * 1024).append("<!DOCTYPE html>\n");
        element(page.getDocumentElement(), out);
        return out.append('\n').toString();
    }

    private static void element(Element e, StringBuilder out) {
        String name = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
        out.append('<').append(name);
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (a.getNodeName().equals("xmlns") || a.getNodeName().startsWith("xmlns:")) {
                continue;
            }
            out.append(' ').append(a.getNodeName()).append("=\"");
            escape(a.getNodeValue(), true, out);
            out.append('"');
        }
        out.append('>');
        if (VOID.contains(name)) {
            return;
        }
        for (Node child = e.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> element((Element) child, out);
                case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> {
                    if (RAW_TEXT.contains(name)) {
                        raw(child.getNodeValue(), out);
                    } else {
                        escape(child.getNodeValue(), false, out);
                    }
                }
                default -> {
                    // Comments and processing instructions are for the template's authors.
                }
            }
        }
        out.append("</").append(name).append('>');
    }

    /** A style sheet cannot be escaped, only refused when it could end its element early. */
    private static void raw(String text, StringBuilder out) {
        if (text.toLowerCase(java.util.Locale.ROOT).contains("</")) {
            throw new IllegalArgumentException("a style or script text may not contain '</'");
        }
        out.append(text);
    }

    private static void escape(String text, boolean attribute, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\u00A0' -> out.append("&nbsp;");
                default -> out.append(c);
            }
        }
    }
}
