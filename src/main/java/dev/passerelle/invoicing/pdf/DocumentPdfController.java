package dev.passerelle.invoicing.pdf;

import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Documents")
class DocumentPdfController {

    private final DocumentPdfs pdfs;

    DocumentPdfController(DocumentPdfs pdfs) {
        this.pdfs = pdfs;
    }

    @GetMapping(value = "/documents/{id}/pdf")
    @Operation(summary = "Download the document as PDF, in the document's language",
            description = "Drafts render too (marked as drafts, named draft-<id>.pdf). Downloading here does not "
                    + "mark the document viewed: only the client's public link does.")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return PdfResponses.attachment(pdfs.render(tenant.tenantId(), id));
    }
}
