package dev.passerelle.invoicing.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A tiny XHTML template step: the template is parsed once into a W3C DOM and each render fills
 * a copy through a handful of {@code data-*} attributes (listed in the template's head). Values
 * go in as DOM text nodes, so user text can never become markup: there is nothing to forget to
 * escape. We use this instead of a template engine because openhtmltopdf takes a W3C DOM
 * anyway, and the public page fills its template from the same model as the PDF.
 */
final class XhtmlTemplate {

    private static final List<String> ATTRIBUTES = List.of("data-if", "data-each", "data-msg", "data-text",
            "data-src", "data-href", "data-class", "data-lang");

    private final Document template;

    private XhtmlTemplate(Document template) {
        this.template = template;
    }

    static XhtmlTemplate load(String resource) {
        try (InputStream in = XhtmlTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " is not on the class path");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            // The templates' comments are for whoever edits them, not for readers of the page.
            factory.setIgnoringComments(true);
            return new XhtmlTemplate(factory.newDocumentBuilder().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("template " + resource + " is not well-formed XHTML", e);
        }
    }

    /** The template's own style sheet, parsed once for every PDF made from it. */
    TemplateStyles styles() {
        synchronized (template) {
            return TemplateStyles.of(template);
        }
    }

    /** A filled copy of the template; the template itself is never changed (renders may run at once). */
    Document fill(Map<String, ?> model, Function<String, String> messages) {
        Document copy;
        synchronized (template) {
            // DOM implementations are not safe for concurrent reads either; copying is quick.
            copy = (Document) template.cloneNode(true);
        }
        fill(copy.getDocumentElement(), new Scope(model, null), messages);
        return copy;
    }

    private void fill(Element element, Scope scope, Function<String, String> messages) {
        String condition = element.getAttribute("data-if");
        if (!condition.isEmpty()) {
            boolean negate = condition.startsWith("!");
            boolean present = present(scope.get(negate ? condition.substring(1) : condition));
            if (present == negate) {
                element.getParentNode().removeChild(element);
                return;
            }
        }
        String each = element.getAttribute("data-each");
        if (!each.isEmpty()) {
            Node parent = element.getParentNode();
            element.removeAttribute("data-each");
            element.removeAttribute("data-if");
            Object items = scope.get(each);
            if (items instanceof Collection<?> list) {
                for (Object item : list) {
                    Element copy = (Element) element.cloneNode(true);
                    parent.insertBefore(copy, element);
                    fill(copy, new Scope(item, scope), messages);
                }
            }
            parent.removeChild(element);
            return;
        }
        String msg = element.getAttribute("data-msg");
        if (!msg.isEmpty()) {
            element.setTextContent(messages.apply(msg));
        }
        String text = element.getAttribute("data-text");
        if (!text.isEmpty()) {
            Object value = scope.get(text);
            element.setTextContent(value == null ? "" : value.toString());
        }
        String src = element.getAttribute("data-src");
        if (!src.isEmpty()) {
            Object value = scope.get(src);
            element.setAttribute("src", value == null ? "" : value.toString());
        }
        String href = element.getAttribute("data-href");
        if (!href.isEmpty()) {
            Object value = scope.get(href);
            element.setAttribute("href", value == null ? "" : value.toString());
        }
        String cssClass = element.getAttribute("data-class");
        if (!cssClass.isEmpty() && present(scope.get(cssClass))) {
            String existing = element.getAttribute("class");
            element.setAttribute("class", (existing.isEmpty() ? "" : existing + " ") + scope.get(cssClass));
        }
        String lang = element.getAttribute("data-lang");
        if (!lang.isEmpty() && present(scope.get(lang))) {
            element.setAttribute("lang", scope.get(lang).toString());
        }
        ATTRIBUTES.forEach(element::removeAttribute);
        NodeList children = element.getChildNodes();
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                elements.add(child);
            }
        }
        for (Element child : elements) {
            fill(child, scope, messages);
        }
    }

    private static boolean present(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof CharSequence s) {
            return !s.toString().isBlank();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return !(value instanceof Map<?, ?> m) || !m.isEmpty();
    }

    /** Keys are dotted paths ({@code seller.name}); the first part is looked up from the innermost item out. */
    private record Scope(Object value, Scope outer) {

        Object get(String path) {
            String[] parts = path.split("\\.");
            for (Scope s = this; s != null; s = s.outer) {
                if (s.value instanceof Map<?, ?> map && map.containsKey(parts[0])) {
                    Object v = map.get(parts[0]);
                    for (int i = 1; i < parts.length && v != null; i++) {
                        v = v instanceof Map<?, ?> m ? m.get(parts[i]) : null;
                    }
                    return v;
                }
            }
            return null;
        }
    }
}
