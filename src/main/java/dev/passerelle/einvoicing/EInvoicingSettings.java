package dev.passerelle.einvoicing;

/**
 * A tenant's e-invoicing settings.
 *
 * @param facturX        the PDFs Passerelle emails and serves are Factur-X (PDF/A-3 with the CII
 *                       XML embedded) instead of plain PDFs
 * @param peppolDelivery OFF, PEPPOL_AND_EMAIL or PEPPOL_INSTEAD_OF_EMAIL: what happens to an issued
 *                       invoice or credit note of a client reachable on Peppol (a client may override it)
 * @param accessPointUrl the access point's API base URL; its API key is write-only and kept in the
 *                       secret store ({@code accessPointKeySet} says whether one is)
 * @param smpUrl         the SMP asked whether a client receives Peppol invoices; null for the
 *                       operator's default ({@code passerelle.peppol.smp-url}), e.g. the test network's
 */
public record EInvoicingSettings(boolean facturX, Delivery peppolDelivery, String accessPointUrl,
                                 boolean accessPointKeySet, String smpUrl) {

    public enum Delivery {
        OFF, PEPPOL_AND_EMAIL, PEPPOL_INSTEAD_OF_EMAIL
    }

    static EInvoicingSettings defaults() {
        return new EInvoicingSettings(false, Delivery.OFF, null, false, null);
    }
}
