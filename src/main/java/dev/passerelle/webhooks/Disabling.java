package dev.passerelle.webhooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.mail.Mailer;
import dev.passerelle.mail.Recipient;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * A subscription whose deliveries have all failed for {@code disable-after} (5 days: no success
 * since its first failure that long ago) is disabled: it gets no more deliveries, its waiting ones
 * end, and the tenant is told once by email (to the company profile's address, through the mail
 * outbox, keyed so that it is queued once) and by a {@code webhook.subscription_disabled} event.
 */
@Component
class Disabling {

    private static final Logger log = LoggerFactory.getLogger(Disabling.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final Deliveries deliveries;
    private final ActiveTypes activeTypes;
    private final Mailer mailer;
    private final CompanyProfiles profiles;
    private final DomainEvents events;
    private final WebhooksProperties settings;

    Disabling(JdbcClient jdbc, Deliveries deliveries, ActiveTypes activeTypes, Mailer mailer, CompanyProfiles profiles,
              DomainEvents events, WebhooksProperties settings) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.activeTypes = activeTypes;
        this.mailer = mailer;
        this.profiles = profiles;
        this.events = events;
        this.settings = settings;
    }

    /**
     * Disables those of these failing subscriptions that have failed long enough, inside the
     * caller's transaction. {@code lastErrors}: each one's latest failure, for the email.
     */
    void check(Collection<UUID> failing, Map<UUID, String> lastErrors, Instant now) {
        if (failing.isEmpty()) {
            return;
        }
        List<Subscription> due = jdbc.sql("""
                SELECT * FROM webhook_subscription WHERE id IN (:ids) AND status = 'ACTIVE' AND failing_since <= :cutoff""")
                .param("ids", List.copyOf(failing)).param("cutoff", Timestamp.from(now.minus(settings.disableAfter())))
                .query((rs, i) -> Subscriptions.subscription(rs)).list();
        for (Subscription s : due) {
            disable(s, lastErrors.get(s.id()), now);
        }
    }

    private void disable(Subscription s, String lastError, Instant now) {
        int changed = jdbc.sql("""
                UPDATE webhook_subscription SET status = 'DISABLED', disabled_at = ?, updated_at = ?
                WHERE id = ? AND status = 'ACTIVE'""")
                .params(Timestamp.from(now), Timestamp.from(now), s.id()).update();
        if (changed == 0) {
            return;
        }
        String since = WHEN.format(s.failingSince());
        int ended = deliveries.endPending(s.id(), now, "the subscription was disabled: its deliveries failed from "
                + since + " on without a success");
        activeTypes.refreshAfterCommit();
        log.warn("Webhook subscription {} of tenant {} ({} to {}) disabled: failing since {}; {} waiting deliveries ended",
                s.id(), s.tenantId(), s.event(), s.targetUrl(), since, ended);
        events.publish(s.tenantId(), s.id(),
                new SubscriptionDisabled(s.id(), s.event(), s.targetUrl(), s.failingSince(), lastError));
        tell(s, since, lastError);
    }

    private void tell(Subscription s, String since, String lastError) {
        String to = profiles.get(s.tenantId()).email();
        if (to == null || to.isBlank()) {
            log.warn("Tenant {} has no e-mail address in its company profile: not told that subscription {} was disabled",
                    s.tenantId(), s.id());
            return;
        }
        String subject = "Webhook subscription disabled: " + s.event() + " to " + host(s.targetUrl());
        String body = "Passerelle has stopped sending " + s.event() + " events to\n" + s.targetUrl() + "\n\n"
                + "Every delivery to it has failed since " + since + ", for more than " + human(settings.disableAfter())
                + " without a success" + (lastError == null ? "" : " (the last error: " + lastError + ")")
                + ". The subscription (" + s.id() + ") is now disabled, and the deliveries that were waiting for a retry "
                + "were dropped.\n\n"
                + "To receive these events again, make sure the address accepts them, then subscribe again (in Zapier: "
                + "turn the zap off and on). Each attempt is listed under GET /api/v1/subscriptions/" + s.id()
                + "/deliveries.";
        mailer.queueNotification(s.tenantId(), "webhook-disabled:" + s.id() + ":" + s.failingSince().toEpochMilli(),
                List.of(Recipient.of(to)), subject, body, null);
    }

    private static String host(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    static String human(Duration d) {
        if (d.toDays() >= 1 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() >= 1 && d.toMinutesPart() == 0) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + " minutes";
    }
}
