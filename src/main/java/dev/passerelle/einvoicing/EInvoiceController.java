package dev.passerelle.einvoicing;

import java.util.UUID;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.invoicing.Documents;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "E-invoicing")
class EInvoiceController {

    private final EInvoices einvoices;
    private final Documents documents;

    EInvoiceController(EInvoices einvoices, Documents documents) {
        this.einvoices = einvoices;
        this.documents = documents;
    }

    @GetMapping("/documents/{id}/ubl")
    @Operation(summary = "The document as a Peppol BIS Billing 3.0 UBL e-invoice",
            description = "Invoices (UBL Invoice, type 380) and credit notes (UBL CreditNote, 381), once issued. "
                    + "A draft, an order confirmation or a delivery note answers 409. See docs/e-invoicing.md.")
    ResponseEntity<byte[]> ubl(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        byte[] ubl = einvoices.ubl(tenant.tenantId(), id);
        return xml(EInvoices.fileName(documents.get(tenant.tenantId(), id), ".xml"), ubl);
    }

    @GetMapping("/documents/{id}/cii")
    @Operation(summary = "The document as UN/CEFACT CII (Factur-X / ZUGFeRD, EN 16931 profile)",
            description = "The XML a Factur-X PDF embeds, on its own. Same rules as /ubl.")
    ResponseEntity<byte[]> cii(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        byte[] cii = einvoices.cii(tenant.tenantId(), id);
        return xml("factur-x-" + EInvoices.fileName(documents.get(tenant.tenantId(), id), ".xml"), cii);
    }

    private static ResponseEntity<byte[]> xml(String fileName, byte[] body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
                .cacheControl(CacheControl.noStore()).body(body);
    }
}
