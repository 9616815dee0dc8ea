package dev.passerelle.invoicing.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class TemplateStylesTest {

    @Test
    void theDocumentTemplateUsesOnlyElementsTheUserAgentSheetStyles() {
        assertThat(XhtmlTemplate.load("pdf/document.html").styles()).isNotNull();
    }

    @Test
    void aTemplateWithAnElementTheUserAgentSheetDoesNotStyleIsRefusedByName() throws Exception {
        Document template = xhtml("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><style>p { color: red }</style>"
                + "</head><body><div><h1>Invoice</h1></div></body></html>");

        assertThatThrownBy(() -> TemplateStyles.of(template))
                .hasMessageContaining("<h1>").hasMessageContaining("pdf/user-agent.css");
    }

    private static Document xhtml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
