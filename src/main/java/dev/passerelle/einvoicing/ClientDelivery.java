package dev.passerelle.einvoicing;

/**
 * How one client gets its invoices and credit notes.
 *
 * @param peppolId  its Peppol participant id ({@code 0208:0812345603}); null to derive it from the
 *                  client's VAT number
 * @param delivery  DEFAULT (the tenant's setting), EMAIL, PEPPOL (instead of email) or PEPPOL_AND_EMAIL
 * @param smpFound  whether the last SMP lookup found the id registered for Peppol invoices; null
 *                  when not looked up yet
 */
public record ClientDelivery(String peppolId, Mode delivery, Boolean smpFound) {

    public enum Mode {
        DEFAULT, EMAIL, PEPPOL, PEPPOL_AND_EMAIL
    }
}
