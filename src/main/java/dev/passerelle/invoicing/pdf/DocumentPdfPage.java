package dev.passerelle.invoicing.pdf;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.passerelle.support.Ids;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * A document's PDF for the console: the API's rendering, served through the console session (the
 * API takes no console cookie) and shown inline so the document's page can embed it. Another
 * tenant's document is not found, as everywhere.
 */
@Controller
@ConsolePage
@Hidden
class DocumentPdfPage {

    private final DocumentPdfs pdfs;

    DocumentPdfPage(DocumentPdfs pdfs) {
        this.pdfs = pdfs;
    }

    @GetMapping("/console/documents/{id}/pdf")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal SignedIn me, @PathVariable String id) {
        RenderedPdf pdf = pdfs.render(me.tenantId(), Ids.inPath(id, "document"));
        // The console's filter chain lets the console's own pages frame it (ConsoleSecurityConfiguration).
        return PdfResponses.inline(pdf).body(pdf.content());
    }
}
