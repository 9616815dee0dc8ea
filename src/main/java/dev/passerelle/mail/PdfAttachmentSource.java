package dev.passerelle.mail;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.pdf.DocumentPdfs;
import dev.passerelle.invoicing.pdf.RenderedPdf;

/**
 * The document's PDF, rendered by the invoicing feature when the email is sent: a paid invoice
 * sent later shows it is paid, and no PDF is stored twice.
 */
@Component
class PdfAttachmentSource implements DocumentAttachmentSource {

    private final DocumentPdfs pdfs;

    PdfAttachmentSource(DocumentPdfs pdfs) {
        this.pdfs = pdfs;
    }

    @Override
    public Optional<Attachment> render(UUID tenantId, UUID documentId) {
        RenderedPdf pdf = pdfs.render(tenantId, documentId);
        return Optional.of(new Attachment(pdf.fileName(), "application/pdf", pdf.content()));
    }
}
