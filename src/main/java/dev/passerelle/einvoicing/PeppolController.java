package dev.passerelle.einvoicing;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "E-invoicing")
class PeppolController {

    private final PeppolOutbox outbox;
    private final Documents documents;

    PeppolController(PeppolOutbox outbox, Documents documents) {
        this.outbox = outbox;
        this.documents = documents;
    }

    @PostMapping("/documents/{id}/peppol")
    @Operation(summary = "Send an issued invoice or credit note through Peppol",
            description = "Queues it for the client's Peppol id (set on the client, or derived from its VAT number "
                    + "and confirmed by an SMP lookup); the outbox hands it to the tenant's access point and follows "
                    + "its delivery. Once per document: asking again answers 200 with the same transmission.")
    ResponseEntity<PeppolTransmission> send(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        PeppolOutbox.Queued queued = outbox.send(tenant.tenantId(), id, "api");
        return ResponseEntity.status(queued.created() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(queued.transmission());
    }

    @GetMapping("/documents/{id}/peppol")
    @Operation(summary = "The document's Peppol transmission: queued, sent, delivered, rejected (with the reason) or failed")
    PeppolTransmission status(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        documents.get(tenant.tenantId(), id);
        return outbox.find(tenant.tenantId(), id).orElseThrow(() -> new NotFound("Peppol transmission of document " + id));
    }
}
