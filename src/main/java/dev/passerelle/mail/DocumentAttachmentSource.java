package dev.passerelle.mail;

import java.util.Optional;
import java.util.UUID;

/**
 * Renders a document's attachment (its PDF) when the email is sent, so PDFs are never stored
 * twice. The invoicing feature provides the implementation; with none, document emails go
 * out without the attachment and their history says so.
 */
public interface DocumentAttachmentSource {

    record Attachment(String fileName, String contentType, byte[] content) {
    }

    Optional<Attachment> render(UUID tenantId, UUID documentId);
}
