package dev.passerelle.invoicing.pdf;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The PDF behind the public link's page (invoicing.PublicDocumentController): the link is the key. */
@RestController
@Tag(name = "Documents (public link)")
class PublicDocumentPdfController {

    private final Documents documents;
    private final DocumentPdfs pdfs;

    PublicDocumentPdfController(Documents documents, DocumentPdfs pdfs) {
        this.documents = documents;
        this.pdfs = pdfs;
    }

    @GetMapping("/d/{token}/pdf")
    @Operation(summary = "Download an issued document as PDF (no login: the link is the key)",
            description = "Downloading is viewing: the first download marks the document viewed, like the page.")
    ResponseEntity<byte[]> pdf(@PathVariable String token) {
        Documents.Viewed viewed = documents.viewByPublicToken(token).orElseThrow(() -> Problems.notFound("document"));
        return PdfResponses.attachment(pdfs.render(viewed.tenantId(), viewed.document().id()));
    }
}
