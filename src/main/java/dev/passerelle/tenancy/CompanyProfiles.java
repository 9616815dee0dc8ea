package dev.passerelle.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Rows;
import dev.passerelle.support.Languages;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's company profile: what its documents and emails say about the sender. */
@Service
public class CompanyProfiles {

    private static final int MAX_LOGO_BYTES = 512 * 1024;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    CompanyProfiles(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The stored profile, or one made from the tenant's name with 30-day terms in English. */
    public CompanyProfile get(UUID tenantId) {
        // One read whether or not a profile was saved (documents read it on every issue).
        return jdbc.sql("""
                SELECT t.name, p.profile, p.logo_png FROM tenant t LEFT JOIN company_profile p ON p.tenant_id = t.id
                WHERE t.id = ?""").param(tenantId)
                .query((rs, i) -> profile(rs))
                .optional()
                .orElseGet(() -> fallback(""));
    }

    /** {@link #get} for several tenants in one query, without their logos (for text, not documents). */
    public Map<UUID, CompanyProfile> getAllWithoutLogo(Collection<UUID> tenantIds) {
        Map<UUID, CompanyProfile> found = new HashMap<>();
        if (tenantIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                SELECT t.id, t.name, p.profile, NULL AS logo_png FROM tenant t
                LEFT JOIN company_profile p ON p.tenant_id = t.id WHERE t.id IN (:tenants)""")
                .param("tenants", tenantIds)
                .query((RowCallbackHandler) rs ->
                        found.put(Rows.uuid(rs, "id"), profile(rs)));
        tenantIds.forEach(t -> found.putIfAbsent(t, fallback("")));
        return found;
    }

    private CompanyProfile profile(ResultSet rs) throws SQLException {
        return rs.getString("profile") == null ? fallback(rs.getString("name"))
                : withLogo(json.readValue(rs.getString("profile"), CompanyProfile.class), rs.getBytes("logo_png"));
    }

    private static CompanyProfile fallback(String tenantName) {
        return new CompanyProfile(tenantName, null, null, null, null, null, null, 30, null, "en", null);
    }

    @Transactional
    CompanyProfile save(UUID tenantId, CompanyProfile profile) {
        if (profile.name() == null || profile.name().isBlank()) {
            throw new InvalidInput("name: must not be blank");
        }
        if (profile.paymentTermsDays() < 0 || profile.paymentTermsDays() > 365) {
            throw new InvalidInput("paymentTermsDays: between 0 and 365");
        }
        String language = profile.defaultLanguage() == null ? Languages.DEFAULT : profile.defaultLanguage();
        if (!Languages.SUPPORTED.contains(language)) {
            throw new InvalidInput("defaultLanguage: one of " + Languages.listed());
        }
        byte[] logo = profile.logoPng();
        if (logo != null && (logo.length > MAX_LOGO_BYTES || !isPng(logo))) {
            throw new InvalidInput("logoPng: a PNG image of at most " + MAX_LOGO_BYTES / 1024 + " KiB");
        }
        String accent = accent(profile.accentColor());
        CompanyProfile clean = new CompanyProfile(profile.name().strip(), profile.legalName(), profile.address(),
                profile.vatNumber(), profile.email(), profile.phone(), profile.bank(), profile.paymentTermsDays(), null,
                language, accent);
        jdbc.sql("DELETE FROM company_profile WHERE tenant_id = ?").param(tenantId).update();
        jdbc.sql("INSERT INTO company_profile (tenant_id, profile, logo_png, updated_at) VALUES (?, ?, ?, ?)")
                .params(tenantId, json.writeValueAsString(clean), logo, Timestamp.from(clock.instant())).update();
        return get(tenantId);
    }

    private static CompanyProfile withLogo(CompanyProfile p, byte[] logo) {
        return new CompanyProfile(p.name(), p.legalName(), p.address(), p.vatNumber(), p.email(), p.phone(), p.bank(),
                p.paymentTermsDays(), logo, p.defaultLanguage(), p.accentColor());
    }

    /**
     * The colour goes on white paper and carries white text (table headings), so it must read
     * both ways: WCAG 2.1 AA asks for a contrast of at least 4.5:1 with white.
     */
    private static String accent(String colour) {
        if (colour == null || colour.isBlank()) {
            return null;
        }
        String c = colour.strip();
        if (!c.matches("#[0-9a-fA-F]{6}")) {
            throw new InvalidInput("accentColor: a colour as #RRGGBB (e.g. #1e3a5f), got '" + colour + "'");
        }
        double contrast = 1.05 / (luminance(c) + 0.05);
        if (contrast < 4.5) {
            throw new InvalidInput("accentColor: " + c + " is too light to read on white (contrast "
                    + String.format(java.util.Locale.ROOT, "%.1f", contrast) + ":1; WCAG AA needs at least 4.5:1): "
                    + "choose a darker shade");
        }
        return c.toLowerCase(java.util.Locale.ROOT);
    }

    /** WCAG 2.1 relative luminance of an sRGB colour. */
    private static double luminance(String hex) {
        double l = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            l += weights[i] * (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
        }
        return l;
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
    }
}
