package dev.passerelle.einvoicing;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.invoicing.Clients;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Rows;

/** The Peppol ids and delivery choices the tenant gave its clients, and what the SMP said of them. */
@Service
class PeppolDirectory {

    private final JdbcClient jdbc;
    private final Clients clients;
    private final Clock clock;
    private final PeppolInUse inUse;

    PeppolDirectory(JdbcClient jdbc, Clients clients, Clock clock, PeppolInUse inUse) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.clock = clock;
        this.inUse = inUse;
    }

    Optional<Endpoint> participantOf(UUID tenantId, UUID clientId) {
        return jdbc.sql("SELECT peppol_id FROM einvoicing_client WHERE tenant_id = ? AND client_id = ?")
                .param(tenantId).param(clientId).query((rs, i) -> rs.getString("peppol_id")).optional()
                .filter(id -> id != null).map(Endpoint::parse);
    }

    ClientDelivery get(UUID tenantId, UUID clientId) {
        clients.get(tenantId, clientId);
        return jdbc.sql("SELECT * FROM einvoicing_client WHERE tenant_id = ? AND client_id = ?").param(tenantId)
                .param(clientId).query((rs, i) -> new ClientDelivery(rs.getString("peppol_id"),
                        ClientDelivery.Mode.valueOf(rs.getString("delivery")),
                        rs.getObject("smp_found") == null ? null : rs.getBoolean("smp_found")))
                .optional().orElse(new ClientDelivery(null, ClientDelivery.Mode.DEFAULT, null));
    }

    @Transactional
    ClientDelivery update(UUID tenantId, UUID clientId, String peppolId, String delivery) {
        ClientDelivery now = get(tenantId, clientId);
        String id = peppolId == null ? now.peppolId() : peppolId.isBlank() ? null : Endpoint.parse(peppolId).toString();
        ClientDelivery.Mode mode = now.delivery();
        if (delivery != null) {
            try {
                mode = ClientDelivery.Mode.valueOf(delivery.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("delivery: one of DEFAULT, EMAIL, PEPPOL, PEPPOL_AND_EMAIL");
            }
        }
        Instant at = clock.instant();
        boolean sameId = java.util.Objects.equals(id, now.peppolId());
        int updated = jdbc.sql("UPDATE einvoicing_client SET peppol_id = ?, delivery = ?, updated_at = ?"
                        + (sameId ? "" : ", smp_checked_at = NULL, smp_found = NULL")
                        + " WHERE tenant_id = ? AND client_id = ?")
                .params(id, mode.name(), Rows.timestamp(at), tenantId, clientId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO einvoicing_client (tenant_id, client_id, peppol_id, delivery, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?)").params(tenantId, clientId, id, mode.name(), Rows.timestamp(at)).update();
        }
        inUse.refreshAfterCommit();
        return get(tenantId, clientId);
    }

    /** Remembers what the SMP said of a client's Peppol id. */
    void smpResult(UUID tenantId, UUID clientId, Endpoint participant, boolean found) {
        Instant at = clock.instant();
        int updated = jdbc.sql("UPDATE einvoicing_client SET peppol_id = ?, smp_checked_at = ?, smp_found = ?, "
                        + "updated_at = ? WHERE tenant_id = ? AND client_id = ?")
                .params(participant.toString(), Rows.timestamp(at), found, Rows.timestamp(at), tenantId, clientId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO einvoicing_client (tenant_id, client_id, peppol_id, delivery, smp_checked_at, smp_found, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)").params(tenantId, clientId, participant.toString(),
                    ClientDelivery.Mode.DEFAULT.name(), Rows.timestamp(at), found, Rows.timestamp(at)).update();
        }
    }
}
