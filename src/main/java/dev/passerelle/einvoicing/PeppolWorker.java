package dev.passerelle.einvoicing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Backoff;
import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.PublicAddresses;
import dev.passerelle.support.Reach;
import dev.passerelle.support.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due Peppol transmissions from any instance: claims a few rows (FOR UPDATE SKIP LOCKED, then
 * a lease), and for each one either hands the UBL to the tenant's access point or asks the access
 * point what became of it.
 *
 * <p>The access point's API (docs/e-invoicing.md): {@code POST {url}/documents} with the UBL,
 * {@code Authorization: Bearer <key>}, {@code Idempotency-Key: <transmission id>} and the Peppol
 * sender, receiver and document type as headers; a 2xx answers {@code {"id": ...}}. Then
 * {@code GET {url}/documents/{id}} answers {@code {"status": "DELIVERED" | "REJECTED" | ...,
 * "reason": ...}}. A 4xx on sending (other than 401, 403, 408 and 429) is a rejection with the
 * answer's reason; anything else (5xx, a timeout, a refused address, a bad key) is retried on the
 * shared backoff, up to {@code maxAttempts}. A crash after the access point took the document but
 * before we recorded it sends it again with the same idempotency key, which the access point
 * answers with the same message instead of a second one.
 */
@Component
class PeppolWorker {

    private static final Logger log = LoggerFactory.getLogger(PeppolWorker.class);
    private static final int BATCH = 10;
    private static final int MAX_ANSWER = 64 * 1024;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final EInvoices einvoices;
    private final Documents documents;
    private final EInvoicingSettingsStore settings;
    private final OutboundHttp http;
    private final DomainEvents events;
    private final JsonMapper json;
    private final PeppolProperties properties;
    private final Clock clock;

    PeppolWorker(JdbcClient jdbc, TransactionTemplate tx, EInvoices einvoices, Documents documents,
                 EInvoicingSettingsStore settings, OutboundHttp http, DomainEvents events, JsonMapper json,
                 PeppolProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.einvoices = einvoices;
        this.documents = documents;
        this.settings = settings;
        this.http = http;
        this.events = events;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    private record Claimed(UUID id, UUID tenantId, UUID documentId, String receiver, PeppolTransmission.Status status,
                           int attempts, String messageId) {
    }

    /** Works off every due transmission; returns how many it handled. */
    int drain() {
        int done = 0;
        List<Claimed> batch;
        do {
            batch = claim();
            for (Claimed c : batch) {
                try {
                    if (c.status() == PeppolTransmission.Status.QUEUED) {
                        send(c);
                    } else {
                        check(c);
                    }
                } catch (RuntimeException e) {
                    log.warn("Peppol transmission {} failed unexpectedly", c.id(), e);
                    retry(c, "unexpected error: " + e.getMessage());
                }
            }
            done += batch.size();
        } while (batch.size() == BATCH);
        return done;
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        return tx.execute(status -> {
            List<UUID> ids = jdbc.sql("SELECT id FROM peppol_transmission WHERE status IN ('QUEUED', 'SENT') "
                            + "AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?) "
                            + "ORDER BY next_attempt_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
                    .params(Rows.timestamp(now), Rows.timestamp(now)).query((rs, i) -> Rows.uuid(rs, "id")).list();
            if (ids.isEmpty()) {
                return List.of();
            }
            jdbc.sql("UPDATE peppol_transmission SET locked_until = :until WHERE id IN (:ids)")
                    .param("until", Rows.timestamp(now.plus(properties.lease()))).param("ids", ids).update();
            return jdbc.sql("SELECT * FROM peppol_transmission WHERE id IN (:ids)").param("ids", ids)
                    .query((rs, i) -> new Claimed(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"),
                            Rows.uuid(rs, "document_id"), rs.getString("receiver"),
                            PeppolTransmission.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                            rs.getString("message_id"))).list();
        });
    }

    private void send(Claimed c) {
        Optional<EInvoicingSettingsStore.AccessPoint> ap = settings.accessPoint(c.tenantId());
        if (ap.isEmpty()) {
            retry(c, "no access point is connected");
            return;
        }
        Document d = documents.get(c.tenantId(), c.documentId());
        EInvoice e = einvoices.model(c.tenantId(), d);
        byte[] ubl = UblWriter.write(e);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + ap.get().apiKey());
        headers.put("Idempotency-Key", c.id().toString());
        headers.put("Peppol-Sender", e.seller().endpoint() == null ? "" : e.seller().endpoint().toString());
        headers.put("Peppol-Receiver", c.receiver());
        headers.put("Peppol-Document-Type", e.kind() == dev.passerelle.invoicing.DocumentKind.CREDIT_NOTE
                ? "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##" + UblWriter.CUSTOMIZATION + "::2.1"
                : SmpLookup.INVOICE_TYPE.substring("busdox-docid-qns::".length()));
        headers.put("Peppol-Process", "cenbii-procid-ubl::" + UblWriter.PROFILE);
        OutboundHttp.Response r;
        try {
            r = http.send("POST", URI.create(ap.get().url() + "/documents"), headers, ubl, "application/xml", call());
        } catch (PublicAddresses.RefusedAddressException ex) {
            retry(c, "the access point's address is refused: " + ex.getMessage());
            return;
        } catch (IOException ex) {
            retry(c, "the access point could not be reached: " + ex.getMessage());
            return;
        }
        int status = r.status();
        if (status >= 200 && status < 300) {
            String messageId = field(r, "id");
            if (messageId == null) {
                retry(c, "the access point answered HTTP " + status + " without a message id");
                return;
            }
            sent(c, messageId);
        } else if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
            rejected(c, d, "the access point refused it (HTTP " + status + "): " + reason(r));
        } else {
            retry(c, "the access point answered HTTP " + status + ": " + reason(r));
        }
    }

    private void check(Claimed c) {
        Optional<EInvoicingSettingsStore.AccessPoint> ap = settings.accessPoint(c.tenantId());
        if (ap.isEmpty()) {
            retry(c, "no access point is connected");
            return;
        }
        OutboundHttp.Response r;
        try {
            r = http.send("GET", URI.create(ap.get().url() + "/documents/" + c.messageId()),
                    Map.of("Authorization", "Bearer " + ap.get().apiKey()), null, null, call());
        } catch (IOException ex) {
            retry(c, "the access point could not be asked for the status: " + ex.getMessage());
            return;
        }
        if (r.status() != 200) {
            retry(c, "the access point answered HTTP " + r.status() + " to the status request");
            return;
        }
        String state = field(r, "status");
        Document d = documents.get(c.tenantId(), c.documentId());
        if ("DELIVERED".equalsIgnoreCase(state)) {
            delivered(c, d);
        } else if ("REJECTED".equalsIgnoreCase(state) || "FAILED".equalsIgnoreCase(state)) {
            rejected(c, d, "the receiver's side refused it: " + reason(r));
        } else {
            later(c, c.attempts() + 1, properties.statusInterval().multipliedBy(Math.min(c.attempts() + 1, 60)), null);
        }
    }

    private void sent(Claimed c, String messageId) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE peppol_transmission SET status = 'SENT', message_id = ?, attempts = 0, reason = NULL, "
                            + "next_attempt_at = ?, locked_until = NULL, updated_at = ? WHERE id = ?")
                    .params(messageId, Rows.timestamp(now.plus(properties.statusInterval())), Rows.timestamp(now), c.id())
                    .update();
            documents.recordDelivery(c.tenantId(), c.documentId(), "peppol", "peppol.sent",
                    "to " + c.receiver() + ", message " + messageId);
        });
    }

    private void delivered(Claimed c, Document d) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE peppol_transmission SET status = 'DELIVERED', next_attempt_at = NULL, locked_until = NULL, "
                    + "updated_at = ? WHERE id = ?").params(Rows.timestamp(now), c.id()).update();
            documents.recordDelivery(c.tenantId(), c.documentId(), "peppol", "peppol.delivered", "to " + c.receiver());
            events.publish(c.tenantId(), c.documentId(),
                    new PeppolDelivered(c.documentId(), d.number(), c.receiver(), c.messageId()));
        });
    }

    private void rejected(Claimed c, Document d, String reason) {
        Instant now = clock.instant();
        String cut = cut(reason);
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE peppol_transmission SET status = 'REJECTED', reason = ?, next_attempt_at = NULL, "
                    + "locked_until = NULL, updated_at = ? WHERE id = ?").params(cut, Rows.timestamp(now), c.id()).update();
            documents.recordDelivery(c.tenantId(), c.documentId(), "peppol", "peppol.rejected", cut);
            events.publish(c.tenantId(), c.documentId(),
                    new PeppolRejected(c.documentId(), d.number(), c.receiver(), cut));
        });
    }

    private void retry(Claimed c, String reason) {
        int failed = c.attempts() + 1;
        if (failed >= properties.maxAttempts()) {
            Instant now = clock.instant();
            String cut = cut(reason);
            tx.executeWithoutResult(s -> {
                jdbc.sql("UPDATE peppol_transmission SET status = 'FAILED', attempts = ?, reason = ?, "
                        + "next_attempt_at = NULL, locked_until = NULL, updated_at = ? WHERE id = ?")
                        .params(failed, cut, Rows.timestamp(now), c.id()).update();
                documents.recordDelivery(c.tenantId(), c.documentId(), "peppol", "peppol.failed",
                        "after " + failed + " attempts: " + cut);
            });
            return;
        }
        later(c, failed, Backoff.delay(failed, properties.initialBackoff(), properties.maxBackoff()), reason);
    }

    private void later(Claimed c, int attempts, java.time.Duration delay, String reason) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE peppol_transmission SET attempts = ?, reason = ?, next_attempt_at = ?, locked_until = NULL, "
                        + "updated_at = ? WHERE id = ?")
                .params(attempts, reason == null ? null : cut(reason), Rows.timestamp(now.plus(delay)), Rows.timestamp(now),
                        c.id()).update();
    }

    private OutboundHttp.Call call() {
        return new OutboundHttp.Call(Reach.PUBLIC, properties.timeout(), MAX_ANSWER);
    }

    private String field(OutboundHttp.Response r, String name) {
        try {
            JsonNode node = json.readTree(r.body());
            JsonNode value = node == null ? null : node.get(name);
            return value == null || value.isNull() ? null : value.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What the access point said: a problem's detail, a reason or message field, else its text. */
    private String reason(OutboundHttp.Response r) {
        for (String name : new String[] {"reason", "detail", "message", "title"}) {
            String value = field(r, name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "no reason given" : text;
    }

    private static String cut(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
