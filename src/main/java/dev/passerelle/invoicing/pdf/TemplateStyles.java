package dev.passerelle.invoicing.pdf;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.logging.Level;

import org.springframework.core.io.ClassPathResource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.openhtmltopdf.css.parser.CSSParser;
import com.openhtmltopdf.css.sheet.Stylesheet;
import com.openhtmltopdf.css.sheet.StylesheetInfo;
import com.openhtmltopdf.css.extend.StylesheetFactory;
import com.openhtmltopdf.util.LogMessageId;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.simple.extend.XhtmlNamespaceHandler;

/**
 * openhtmltopdf's XHTML handling with the template's own style sheet parsed once, and a user-agent
 * sheet cut to the template's elements ({@code pdf/user-agent.css}). openhtmltopdf
 * keeps its user-agent sheet between documents but parses every {@code <style>} element of every
 * document it renders; the template's first one is the same text in every PDF. It is handed over
 * parsed, the way openhtmltopdf hands over its user-agent sheet (shared by all renders, which only
 * read it; the matcher numbers its selectors in the same order every time). Any other style element
 * (a tenant's accent colours) is parsed per render as before.
 */
final class TemplateStyles extends XhtmlNamespaceHandler {

    private static final String URI = "passerelle:template.css";
    private static final String USER_AGENT = "pdf/user-agent.css";
    /** The elements {@link #USER_AGENT} styles (with what is inside head, which it hides). */
    private static final Set<String> STYLED = Set.of("html", "head", "meta", "title", "style", "body", "div", "span",
            "img", "table", "thead", "tbody", "tr", "td", "th");

    private final String css;
    private final Stylesheet parsed;
    private final StylesheetInfo userAgent;

    private TemplateStyles(String css) {
        this.css = css;
        this.parsed = parse(URI, StylesheetInfo.AUTHOR, css);
        this.userAgent = new StylesheetInfo();
        userAgent.setUri("classpath:" + USER_AGENT);
        userAgent.setOrigin(StylesheetInfo.USER_AGENT);
        userAgent.setMedia("all");
        userAgent.setType("text/css");
        userAgent.setStylesheet(parse(userAgent.getUri(), StylesheetInfo.USER_AGENT, resource(USER_AGENT)));
    }

    private static Stylesheet parse(String uri, int origin, String css) {
        try {
            return new CSSParser((at, message) -> XRLog.log(Level.WARNING,
                    LogMessageId.LogMessageId2Param.CSS_PARSE_GENERIC_MESSAGE, at, message))
                    .parseStylesheet(uri, origin, new StringReader(css));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For the first style element of this template, as openhtmltopdf reads it (trimmed text). A
     * template with an element {@link #USER_AGENT} does not style is refused: openhtmltopdf's own
     * sheet would have given it its usual look (a heading's size, a list's bullets).
     */
    static TemplateStyles of(Document template) {
        requireStyled(template.getDocumentElement());
        Element head = null;
        for (Node n = template.getDocumentElement().getFirstChild(); n != null && head == null; n = n.getNextSibling()) {
            if (n instanceof Element e && "head".equals(e.getLocalName())) {
                head = e;
            }
        }
        for (Node n = head == null ? null : head.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "style".equals(e.getLocalName())) {
                return new TemplateStyles(e.getTextContent().trim());
            }
        }
        throw new IllegalStateException("the template has no style element");
    }

    private static void requireStyled(Element element) {
        if (!STYLED.contains(element.getLocalName())) {
            throw new IllegalStateException("the PDF template uses <" + element.getLocalName() + ">, which "
                    + USER_AGENT + " does not style: add its rules from openhtmltopdf's user-agent sheet");
        }
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                requireStyled(child);
            }
        }
    }

    @Override
    public StylesheetInfo getDefaultStylesheet(StylesheetFactory factory) {
        return userAgent;
    }

    @Override
    public StylesheetInfo[] getStylesheets(Document doc) {
        StylesheetInfo[] infos = super.getStylesheets(doc);
        for (int i = 0; i < infos.length; i++) {
            StylesheetInfo info = infos[i];
            if (info.isInline() && info.getMedia().contains("all") && css.equals(info.getContent())) {
                StylesheetInfo same = new StylesheetInfo();
                same.setOrigin(StylesheetInfo.AUTHOR);
                same.setType(info.getType());
                same.setTitle(info.getTitle());
                same.setMedia("");
                same.setUri(URI);
                same.setStylesheet(parsed);
                infos[i] = same;
            }
        }
        return infos;
    }
}
