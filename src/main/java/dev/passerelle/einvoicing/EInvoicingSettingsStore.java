package dev.passerelle.einvoicing;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Rows;

/** Per-tenant e-invoicing settings; the access point's API key lives in the {@link SecretStore}. */
@Service
public class EInvoicingSettingsStore {

    static final String SECRET_PURPOSE = "peppol.access-point.key";

    private final JdbcClient jdbc;
    private final SecretStore secrets;
    private final Clock clock;
    private final PeppolInUse inUse;

    EInvoicingSettingsStore(JdbcClient jdbc, SecretStore secrets, Clock clock, PeppolInUse inUse) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
        this.inUse = inUse;
    }

    public EInvoicingSettings get(UUID tenantId) {
        return jdbc.sql("SELECT * FROM einvoicing_settings WHERE tenant_id = ?").param(tenantId)
                .query((rs, i) -> new EInvoicingSettings(rs.getBoolean("factur_x"),
                        EInvoicingSettings.Delivery.valueOf(rs.getString("peppol_delivery")),
                        rs.getString("access_point_url"), rs.getObject("access_point_key") != null,
                        rs.getString("smp_url")))
                .optional().orElseGet(EInvoicingSettings::defaults);
    }

    /** The access point's URL and API key, when both are set. */
    Optional<AccessPoint> accessPoint(UUID tenantId) {
        return jdbc.sql("SELECT access_point_url, access_point_key FROM einvoicing_settings WHERE tenant_id = ?")
                .param(tenantId).query((rs, i) -> {
                    String url = rs.getString("access_point_url");
                    UUID key = Rows.uuid(rs, "access_point_key");
                    return url == null || key == null ? null : new AccessPoint(url, secrets.reveal(tenantId, key));
                }).optional();
    }

    record AccessPoint(String url, String apiKey) {
        @Override
        public String toString() {
            return "AccessPoint[" + url + "]";
        }
    }

    record Change(Boolean facturX, String peppolDelivery, String accessPointUrl, String accessPointKey, String smpUrl) {
    }

    /** Changes what the request names; a blank key removes it, an absent one keeps it. */
    @Transactional
    public EInvoicingSettings update(UUID tenantId, Change change) {
        EInvoicingSettings now = get(tenantId);
        boolean facturX = change.facturX() == null ? now.facturX() : change.facturX();
        EInvoicingSettings.Delivery delivery = now.peppolDelivery();
        if (change.peppolDelivery() != null) {
            try {
                delivery = EInvoicingSettings.Delivery.valueOf(change.peppolDelivery().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("peppolDelivery: one of OFF, PEPPOL_AND_EMAIL, PEPPOL_INSTEAD_OF_EMAIL");
            }
        }
        String url = change.accessPointUrl() == null ? now.accessPointUrl()
                : change.accessPointUrl().isBlank() ? null : httpUrl(change.accessPointUrl().strip());
        String smpUrl = change.smpUrl() == null ? now.smpUrl()
                : change.smpUrl().isBlank() ? null : httpUrl(change.smpUrl().strip());
        UUID key = jdbc.sql("SELECT access_point_key FROM einvoicing_settings WHERE tenant_id = ?").param(tenantId)
                .query((rs, i) -> Rows.uuid(rs, "access_point_key")).optional().orElse(null);
        if (change.accessPointKey() != null) {
            key = change.accessPointKey().isBlank() ? null
                    : secrets.store(tenantId, SECRET_PURPOSE, change.accessPointKey().strip());
        }
        if (delivery != EInvoicingSettings.Delivery.OFF && (url == null || key == null)) {
            throw new InvalidInput("peppolDelivery: connect an access point first (accessPointUrl and accessPointKey)");
        }
        int updated = jdbc.sql("UPDATE einvoicing_settings SET factur_x = ?, peppol_delivery = ?, access_point_url = ?, "
                        + "access_point_key = ?, smp_url = ?, updated_at = ? WHERE tenant_id = ?")
                .params(facturX, delivery.name(), url, key, smpUrl, Rows.timestamp(clock.instant()), tenantId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO einvoicing_settings (tenant_id, factur_x, peppol_delivery, access_point_url, "
                            + "access_point_key, smp_url, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(tenantId, facturX, delivery.name(), url, key, smpUrl, Rows.timestamp(clock.instant())).update();
        }
        inUse.refreshAfterCommit();
        return get(tenantId);
    }

    private static String httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("accessPointUrl, smpUrl: an http(s) URL such as https://ap.example.com/api");
        }
    }
}
