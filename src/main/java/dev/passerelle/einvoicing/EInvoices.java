package dev.passerelle.einvoicing;

import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * A tenant's invoices and credit notes as e-invoices: Peppol BIS 3.0 UBL, and the CII that goes
 * into Factur-X PDFs. Made from the stored document each time, like the PDF.
 */
@Service
public class EInvoices {

    private final Documents documents;
    private final CompanyProfiles profiles;
    private final PeppolDirectory directory;

    EInvoices(Documents documents, CompanyProfiles profiles, PeppolDirectory directory) {
        this.documents = documents;
        this.profiles = profiles;
        this.directory = directory;
    }

    /** The UBL of an issued invoice or credit note; a draft or another kind is a 409 problem. */
    public byte[] ubl(UUID tenantId, UUID documentId) {
        return UblWriter.write(model(tenantId, documents.get(tenantId, documentId)));
    }

    /** The Factur-X (CII, EN 16931 profile) XML of an issued invoice or credit note. */
    public byte[] cii(UUID tenantId, UUID documentId) {
        return CiiWriter.write(model(tenantId, documents.get(tenantId, documentId)));
    }

    EInvoice model(UUID tenantId, Document d) {
        String credited = d.creditNoteFor() == null ? null
                : documents.find(tenantId, d.creditNoteFor()).map(Document::number).orElse(null);
        Endpoint buyer = d.clientId() == null ? null : directory.participantOf(tenantId, d.clientId()).orElse(null);
        return EInvoice.of(d, profiles.get(tenantId), buyer, credited);
    }

    /** A file name for the document's XML: its number in plain ASCII. */
    static String fileName(Document d, String suffix) {
        return d.number().replaceAll("[^A-Za-z0-9._-]", "-") + suffix;
    }
}
