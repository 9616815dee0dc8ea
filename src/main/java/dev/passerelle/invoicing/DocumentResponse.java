package dev.passerelle.invoicing;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import dev.passerelle.web.PublicUrls;

/**
 * A document as the API shows it: the document with the link its client opens (drafts have none
 * yet). Public so that what other features send out about a document (webhook deliveries) is
 * exactly what {@code GET /api/v1/documents/{id}} answers.
 */
public record DocumentResponse(@JsonUnwrapped Document document, String publicUrl) {

    public static DocumentResponse of(Document d, PublicUrls publicUrls) {
        return new DocumentResponse(d, d.status() == DocumentStatus.DRAFT ? null : publicUrls.of("/d/" + d.publicToken()));
    }
}
