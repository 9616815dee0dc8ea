package dev.passerelle.einvoicing;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Ids;
import dev.passerelle.support.Rows;

/**
 * The Peppol outbox: a document to send through Peppol is a row first, sent by {@link PeppolWorker}
 * from any instance. One row per document (a unique key), so asking twice, or a crash between the
 * ask and the send, never sends it twice; the row's id is the idempotency key the access point
 * sees on every attempt.
 */
@Service
public class PeppolOutbox {

    private final JdbcClient jdbc;
    private final Documents documents;
    private final EInvoicingSettingsStore settings;
    private final PeppolDirectory directory;
    private final SmpLookup smp;
    private final Clock clock;

    PeppolOutbox(JdbcClient jdbc, Documents documents, EInvoicingSettingsStore settings, PeppolDirectory directory,
                 SmpLookup smp, Clock clock) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.settings = settings;
        this.directory = directory;
        this.smp = smp;
        this.clock = clock;
    }

    /** The result of asking: the transmission, and whether this ask created it. */
    public record Queued(PeppolTransmission transmission, boolean created) {
    }

    /**
     * Queues an issued invoice or credit note for its client's Peppol id (set on the client, else
     * derived from its VAT number and confirmed by the SMP). Asking again returns the first row.
     */
    public Queued send(UUID tenantId, UUID documentId, String actor) {
        Optional<PeppolTransmission> existing = find(tenantId, documentId);
        if (existing.isPresent()) {
            return new Queued(existing.get(), false);
        }
        Document d = documents.get(tenantId, documentId);
        if (!EInvoice.isEInvoice(d.kind()) || d.number() == null || d.status() == DocumentStatus.DRAFT) {
            throw new Conflict("only issued invoices and credit notes go through Peppol");
        }
        Endpoint receiver = reachable(tenantId, d);
        Instant now = clock.instant();
        UUID id = Ids.newId();
        try {
            jdbc.sql("INSERT INTO peppol_transmission (id, tenant_id, document_id, receiver, status, attempts, "
                            + "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?)")
                    .params(id, tenantId, documentId, receiver.toString(), Rows.timestamp(now), Rows.timestamp(now),
                            Rows.timestamp(now)).update();
        } catch (DuplicateKeyException e) {
            return new Queued(find(tenantId, documentId).orElseThrow(), false);
        }
        documents.recordDelivery(tenantId, documentId, "peppol", "peppol.queued",
                "to " + receiver + (actor == null ? "" : " (asked by " + actor + ")"));
        return new Queued(find(tenantId, documentId).orElseThrow(), true);
    }

    /**
     * Where the document would go through Peppol now: the client's Peppol id, with an access point
     * connected; else a {@link Conflict} saying why it cannot ({@link SmpUnavailable}: not yet known).
     */
    Endpoint reachable(UUID tenantId, Document d) {
        if (settings.accessPoint(tenantId).isEmpty()) {
            throw new Conflict("no Peppol access point is connected (PUT /api/v1/settings/e-invoicing)");
        }
        return receiver(tenantId, d)
                .orElseThrow(() -> new Conflict("the client has no Peppol id: set one (PUT /api/v1/clients/"
                        + d.clientId() + "/e-invoicing) or give it a VAT number"));
    }

    /**
     * The client's Peppol id if it receives invoices: the one set on the client, else the one
     * derived from its VAT number, checked with the SMP once and remembered.
     */
    Optional<Endpoint> receiver(UUID tenantId, Document d) {
        ClientDelivery client = d.clientId() == null ? null : directory.get(tenantId, d.clientId());
        Endpoint receiver = client != null && client.peppolId() != null ? Endpoint.parse(client.peppolId())
                : PeppolIds.forParty(EInvoice.vat(d.client().vatNumber(),
                        d.client().billingAddress() == null ? null : d.client().billingAddress().country())).orElse(null);
        if (receiver == null) {
            return Optional.empty();
        }
        if (client != null && client.smpFound() != null) {
            if (!client.smpFound()) {
                throw new Conflict("the client's Peppol id " + receiver + " is not registered for Peppol invoices "
                        + "(SMP lookup)");
            }
            return Optional.of(receiver);
        }
        String smpUrl = settings.get(tenantId).smpUrl();
        if (!smp.configured(smpUrl)) {
            return Optional.of(receiver);
        }
        boolean found;
        try {
            found = smp.receivesInvoices(smpUrl, receiver);
        } catch (IOException | RuntimeException e) {
            throw new SmpUnavailable("the Peppol SMP could not be asked about " + receiver + ": " + e.getMessage()
                    + "; try again later");
        }
        if (d.clientId() != null) {
            directory.smpResult(tenantId, d.clientId(), receiver, found);
        }
        if (!found) {
            throw new Conflict("the client's Peppol id " + receiver + " is not registered for Peppol invoices (SMP lookup)");
        }
        return Optional.of(receiver);
    }

    public Optional<PeppolTransmission> find(UUID tenantId, UUID documentId) {
        return jdbc.sql("SELECT * FROM peppol_transmission WHERE tenant_id = ? AND document_id = ?").param(tenantId)
                .param(documentId).query(ROW).optional();
    }

    List<PeppolTransmission> list(UUID tenantId, int limit) {
        return jdbc.sql("SELECT * FROM peppol_transmission WHERE tenant_id = ? ORDER BY created_at DESC LIMIT ?")
                .param(tenantId).param(limit).query(ROW).list();
    }

    /** The SMP could not answer: asking again later may work (the auto-send retries). */
    static final class SmpUnavailable extends Conflict {
        SmpUnavailable(String message) {
            super(message);
        }
    }

    static final RowMapper<PeppolTransmission> ROW = (rs, i) -> new PeppolTransmission(Rows.uuid(rs, "id"),
            Rows.uuid(rs, "document_id"), rs.getString("receiver"),
            PeppolTransmission.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
            Rows.instant(rs, "next_attempt_at"), rs.getString("message_id"), rs.getString("reason"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
}
