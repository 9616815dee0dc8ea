package dev.passerelle.invoicing.pdf;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What a client opens from the link in their email: the document's page and its PDF. No login:
 * the link is the key, so neither is cached by anyone, indexed, or told to another site.
 */
@RestController
@Tag(name = "Documents (public link)")
class PublicDocumentController {

    /** Nothing but the page's own styles and the logo's data: URI may load. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Documents documents;
    private final DocumentPdfs pdfs;
    private final PublicPages pages;

    PublicDocumentController(Documents documents, DocumentPdfs pdfs, PublicPages pages) {
        this.documents = documents;
        this.pdfs = pdfs;
        this.pages = pages;
    }

    @GetMapping(value = "/d/{token}", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "View an issued document (no login: the link is the key)",
            description = "In the document's language, with the labels and numbers of its PDF, a status banner (paid, "
                    + "due, overdue, cancelled, credit note) and payment details. The first visit marks it viewed.")
    ResponseEntity<String> page(@PathVariable String token) {
        Documents.Viewed viewed = documents.viewByPublicToken(token).orElseThrow(() -> new NotFound("document"));
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Robots-Tag", "noindex, nofollow")
                .header("Referrer-Policy", "no-referrer")
                .body(pages.render(viewed));
    }

    @GetMapping("/d/{token}/pdf")
    @Operation(summary = "Download an issued document as PDF (no login: the link is the key)",
            description = "Downloading is viewing: the first download marks the document viewed, like the page.")
    ResponseEntity<byte[]> pdf(@PathVariable String token) {
        Documents.Viewed viewed = documents.viewByPublicToken(token).orElseThrow(() -> new NotFound("document"));
        ResponseEntity<byte[]> pdf = PdfResponses.attachment(pdfs.render(viewed.tenantId(), viewed.document().id()));
        return ResponseEntity.status(pdf.getStatusCode()).headers(h -> {
            h.addAll(pdf.getHeaders());
            h.set("X-Robots-Tag", "noindex, nofollow");
            h.set("Referrer-Policy", "no-referrer");
        }).body(pdf.getBody());
    }
}
