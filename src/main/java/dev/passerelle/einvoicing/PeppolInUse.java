package dev.passerelle.einvoicing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.RefreshedValue;

/**
 * Whether any tenant, or any client, has Peppol delivery on. While none has, issued documents get
 * no Peppol delivery row at all: one per issued document, claimed, read and closed to do nothing,
 * was the largest cost the routes layer added to every shop order. Read again after each change on
 * this instance and every {@code passerelle.peppol.poll-interval} for changes made on others, so
 * on another instance a switch to Peppol counts for documents issued from then on.
 */
@Component
class PeppolInUse {

    private final RefreshedValue<Boolean> any;

    PeppolInUse(JdbcClient jdbc) {
        this.any = new RefreshedValue<>(() -> jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM einvoicing_settings WHERE peppol_delivery <> 'OFF')
                    OR EXISTS (SELECT 1 FROM einvoicing_client WHERE delivery IN ('PEPPOL', 'PEPPOL_AND_EMAIL'))""")
                .query(Boolean.class).single());
    }

    boolean any() {
        return any.get();
    }

    void refresh() {
        any.refresh();
    }

    void refreshAfterCommit() {
        any.refreshAfterCommit();
    }
}
