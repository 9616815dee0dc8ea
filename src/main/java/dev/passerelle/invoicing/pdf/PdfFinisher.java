package dev.passerelle.invoicing.pdf;

import java.util.UUID;

import dev.passerelle.invoicing.Document;

/**
 * A last step on a rendered PDF, provided by another feature: e-invoicing turns it into a Factur-X
 * PDF/A-3 with the invoice's XML inside when the tenant wants it. The pages stay as rendered.
 */
public interface PdfFinisher {

    /** The PDF to hand out; {@code pdf} itself when there is nothing to add. */
    byte[] finish(UUID tenantId, Document document, byte[] pdf);
}
