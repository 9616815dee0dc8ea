package dev.passerelle.einvoicing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import org.mustangproject.ZUGFeRD.PDFAConformanceLevel;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.ZUGFeRDExporterFromA3;
import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.pdf.PdfFinisher;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * Factur-X / ZUGFeRD (profile EN 16931): for a tenant that turned it on, the PDF of an issued
 * invoice or credit note becomes a PDF/A-3B with its CII XML embedded as {@code factur-x.xml}
 * (Mustangproject adds the XMP metadata, the sRGB output intent and the attachment). The pages
 * are the ones rendered: the PDF looks exactly the same.
 */
@Component
class FacturX implements PdfFinisher {

    private final EInvoicingSettingsStore settings;
    private final CompanyProfiles profiles;
    private final PeppolDirectory directory;
    private final dev.passerelle.invoicing.Documents documents;

    FacturX(EInvoicingSettingsStore settings, CompanyProfiles profiles, PeppolDirectory directory,
            dev.passerelle.invoicing.Documents documents) {
        this.settings = settings;
        this.profiles = profiles;
        this.directory = directory;
        this.documents = documents;
    }

    @Override
    public byte[] finish(UUID tenantId, Document document, byte[] pdf) {
        if (!EInvoice.isEInvoice(document.kind()) || document.number() == null
                || document.status() == DocumentStatus.DRAFT || !settings.get(tenantId).facturX()) {
            return pdf;
        }
        String credited = document.creditNoteFor() == null ? null
                : documents.find(tenantId, document.creditNoteFor()).map(Document::number).orElse(null);
        Endpoint buyer = document.clientId() == null ? null
                : directory.participantOf(tenantId, document.clientId()).orElse(null);
        byte[] cii = CiiWriter.write(EInvoice.of(document, profiles.get(tenantId), buyer, credited));
        return embed(pdf, cii);
    }

    static byte[] embed(byte[] pdf, byte[] cii) {
        try (ZUGFeRDExporterFromA3 exporter = new ZUGFeRDExporterFromA3()) {
            exporter.ignorePDFAErrors().load(pdf);
            exporter.setZUGFeRDVersion(org.mustangproject.EStandard.facturx, 2);
            exporter.setFacturX();
            exporter.setProfile(Profiles.getByName("EN16931"));
            exporter.setConformanceLevel(PDFAConformanceLevel.BASIC);
            exporter.setProducer("Passerelle").setCreator("Passerelle");
            exporter.setXML(cii);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + cii.length + 8192);
            exporter.export(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
