package dev.passerelle.einvoicing;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Document;
import dev.passerelle.mail.InsteadOfEmail;
import dev.passerelle.support.Conflict;

/**
 * Which ways an issued invoice or credit note goes to its client: the client's choice when it made
 * one (EMAIL; PEPPOL, instead of email; PEPPOL_AND_EMAIL), else the tenant's. The one place both
 * {@link PeppolAutoSend} and the mail outbox's automatic sends ask, so that Peppol instead of email
 * means one of them, never both, and never neither: a client Peppol cannot reach (no id, unknown to
 * the SMP, no access point) is emailed.
 */
@Component
class DeliveryChoice implements InsteadOfEmail {

    private final EInvoicingSettingsStore settings;
    private final PeppolDirectory directory;
    private final PeppolOutbox outbox;
    private final PeppolInUse inUse;

    DeliveryChoice(EInvoicingSettingsStore settings, PeppolDirectory directory, PeppolOutbox outbox, PeppolInUse inUse) {
        this.settings = settings;
        this.directory = directory;
        this.outbox = outbox;
        this.inUse = inUse;
    }

    /** Whether the client's issued invoices go through Peppol (with or instead of email). */
    boolean peppol(UUID tenantId, UUID clientId) {
        return way(tenantId, clientId) != ClientDelivery.Mode.EMAIL;
    }

    /** Whether they go through Peppol instead of email. */
    private boolean peppolOnly(UUID tenantId, UUID clientId) {
        return way(tenantId, clientId) == ClientDelivery.Mode.PEPPOL;
    }

    /** The client's choice, or the tenant's in the client's terms: EMAIL, PEPPOL (instead) or PEPPOL_AND_EMAIL. */
    private ClientDelivery.Mode way(UUID tenantId, UUID clientId) {
        ClientDelivery.Mode chosen = directory.get(tenantId, clientId).delivery();
        if (chosen != ClientDelivery.Mode.DEFAULT) {
            return chosen;
        }
        return switch (settings.get(tenantId).peppolDelivery()) {
            case OFF -> ClientDelivery.Mode.EMAIL;
            case PEPPOL_AND_EMAIL -> ClientDelivery.Mode.PEPPOL_AND_EMAIL;
            case PEPPOL_INSTEAD_OF_EMAIL -> ClientDelivery.Mode.PEPPOL;
        };
    }

    /**
     * Not emailed when it goes through Peppol instead and Peppol can take it: already on its way
     * there, or its client reachable (the same checks the outbox makes before queuing it). An SMP
     * that does not answer is thrown, so the automatic send waits and retries rather than guess.
     */
    @Override
    public Optional<String> reason(UUID tenantId, Document d) {
        if (!inUse.any() || !EInvoice.isEInvoice(d.kind()) || d.clientId() == null || !peppolOnly(tenantId, d.clientId())) {
            return Optional.empty();
        }
        Optional<PeppolTransmission> sent = outbox.find(tenantId, d.id());
        if (sent.isPresent()) {
            PeppolTransmission t = sent.get();
            boolean failed = t.status() == PeppolTransmission.Status.REJECTED || t.status() == PeppolTransmission.Status.FAILED;
            return failed ? Optional.empty() : Optional.of(because(t.receiver()));
        }
        try {
            return Optional.of(because(outbox.reachable(tenantId, d).toString()));
        } catch (PeppolOutbox.SmpUnavailable e) {
            throw e;
        } catch (Conflict e) {
            return Optional.empty();
        }
    }

    private static String because(String receiver) {
        return "sent through Peppol instead of email (to " + receiver + ")";
    }
}
