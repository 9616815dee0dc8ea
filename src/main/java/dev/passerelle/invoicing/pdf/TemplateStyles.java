package dev.passerelle.invoicing.pdf;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.logging.Level;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.openhtmltopdf.css.parser.CSSParser;
import com.openhtmltopdf.css.sheet.Stylesheet;
import com.openhtmltopdf.css.sheet.StylesheetInfo;
import com.openhtmltopdf.util.LogMessageId;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.simple.extend.XhtmlNamespaceHandler;

/**
 * openhtmltopdf's XHTML handling with the template's own style sheet parsed once. openhtmltopdf
 * keeps its user-agent sheet between documents but parses every {@code <style>} element of every
 * document it renders; the template's first one is the same text in every PDF. It is handed over
 * parsed, the way openhtmltopdf hands over its user-agent sheet (shared by all renders, which only
 * read it; the matcher numbers its selectors in the same order every time). Any other style element
 * (a tenant's accent colours) is parsed per render as before.
 */
final class TemplateStyles extends XhtmlNamespaceHandler {

    private static final String URI = "passerelle:template.css";

    private final String css;
    private final Stylesheet parsed;

    private TemplateStyles(String css) {
        this.css = css;
        try {
            this.parsed = new CSSParser((uri, message) -> XRLog.log(Level.WARNING,
                    LogMessageId.LogMessageId2Param.CSS_PARSE_GENERIC_MESSAGE, uri, message))
                    .parseStylesheet(URI, StylesheetInfo.AUTHOR, new StringReader(css));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For the first style element of this template, as openhtmltopdf reads it (trimmed text). */
    static TemplateStyles of(Document template) {
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
