package dev.passerelle.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import dev.passerelle.support.Tokens;
import dev.passerelle.web.PublicUrls;

/**
 * Open tracking, per tenant and off by default: a document email's HTML part carries a
 * one-pixel image on a public, unguessable URL ({@code /e/<token>.gif}, 256 random bits); its
 * first fetch marks the email OPENED. The image is part of the HTML stored with the email, so
 * what the API shows is what was sent. Mail clients that block remote images (or fetch them
 * all in advance) make it an indication, not a proof.
 */
@Component
class OpenTracking {

    private final JdbcClient jdbc;
    private final PublicUrls urls;
    private final Clock clock;

    OpenTracking(JdbcClient jdbc, PublicUrls urls, Clock clock) {
        this.jdbc = jdbc;
        this.urls = urls;
        this.clock = clock;
    }

    boolean enabled(UUID tenantId) {
        return jdbc.sql("SELECT track_opens FROM mail_tracking WHERE tenant_id = ?").param(tenantId)
                .query(Boolean.class).optional().orElse(false);
    }

    void enable(UUID tenantId, boolean on) {
        jdbc.sql("DELETE FROM mail_tracking WHERE tenant_id = ?").param(tenantId).update();
        jdbc.sql("INSERT INTO mail_tracking (tenant_id, track_opens, updated_at) VALUES (?, ?, ?)")
                .params(tenantId, on, Timestamp.from(clock.instant())).update();
    }

    static String newToken() {
        return Tokens.urlToken();
    }

    /** The HTML with the pixel at the end of its body. */
    String withPixel(String html, String token) {
        String img = "<img src=\"" + HtmlUtils.htmlEscape(urls.of("/e/" + token + ".gif"))
                + "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">";
        int end = html.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
        return end < 0 ? html + img + "\n" : html.substring(0, end) + img + "\n" + html.substring(end);
    }
}
