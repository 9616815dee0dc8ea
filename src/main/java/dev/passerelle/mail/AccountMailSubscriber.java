package dev.passerelle.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.accounts.AccountConnected;
import dev.passerelle.accounts.AccountNeedsReconnect;
import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.events.DomainEvents;
import dev.passerelle.tenancy.CompanyProfiles;

/**
 * Connected accounts, as email sees them. When an account needs reconnecting, the tenant is told
 * once (keyed by the event: one email per time it happens), at the company profile's address or
 * else the account's own, with the reconnect link; it goes through the hub when the account was the
 * tenant's sender. When an account is reconnected, the emails that waited for it are due at once.
 */
@Component
class AccountMailSubscriber implements DomainEventSubscriber {

    private static final Logger log = LoggerFactory.getLogger(AccountMailSubscriber.class);

    private final Mailer mailer;
    private final CompanyProfiles profiles;
    private final JdbcClient jdbc;
    private final DomainEvents events;
    private final Clock clock;

    AccountMailSubscriber(Mailer mailer, CompanyProfiles profiles, JdbcClient jdbc, DomainEvents events, Clock clock) {
        this.mailer = mailer;
        this.profiles = profiles;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mail.accounts";
    }

    @Override
    public boolean wants(String eventType) {
        return AccountNeedsReconnect.TYPE.equals(eventType) || AccountConnected.TYPE.equals(eventType);
    }

    @Override
    public void on(DomainEvent event) {
        if (AccountNeedsReconnect.TYPE.equals(event.type())) {
            tell(event, events.read(event, AccountNeedsReconnect.class));
            return;
        }
        AccountConnected connected = events.read(event, AccountConnected.class);
        if (connected.reconnected()) {
            int due = jdbc.sql("""
                    UPDATE email SET next_attempt_at = ? WHERE tenant_id = ? AND status = 'DEFERRED'""")
                    .params(Timestamp.from(clock.instant()), event.tenantId()).update();
            log.info("Account {} of tenant {} reconnected: {} waiting emails due now", connected.accountId(),
                    event.tenantId(), due);
        }
    }

    private void tell(DomainEvent event, AccountNeedsReconnect a) {
        String profileEmail = profiles.get(event.tenantId()).email();
        String to = profileEmail != null && !profileEmail.isBlank() ? profileEmail : a.email();
        if (to == null || to.isBlank()) {
            log.warn("Tenant {} has no e-mail address: not told that account {} needs reconnecting", event.tenantId(),
                    a.accountId());
            return;
        }
        String what = a.email() == null ? "your " + a.provider() + " account" : a.email() + " (" + a.provider() + ")";
        String subject = "Reconnect " + what;
        String body = "Passerelle can no longer use " + what + ": " + a.reason() + ".\n\n"
                + ("mail".equals(a.purpose())
                        ? "Emails sent from this account are waiting and will go out as soon as it is reconnected."
                        : "Route steps that call APIs with this account fail until it is reconnected; those that "
                          + "failed for this reason run again once it is.")
                + "\n\nTo reconnect it, open this link and sign in with that same account:\n" + a.reconnectUrl()
                + "\n\n(Or: POST /api/v1/accounts/" + a.accountId() + "/reconnect.)";
        mailer.queueNotification(event.tenantId(), "account-reconnect:" + event.id(), List.of(Recipient.of(to)),
                subject, body, null);
    }
}
