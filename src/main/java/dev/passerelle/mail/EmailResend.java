package dev.passerelle.mail;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.Conflict;
import dev.passerelle.support.NotFound;

/**
 * Sending an email again, now: the API's {@code POST /api/v1/emails/{id}/resend} and the
 * console's Resend button. Only unconfirmed, failed or deferred emails; the Message-ID stays.
 */
@Component
class EmailResend {

    private final MailStore store;
    private final Clock clock;

    EmailResend(MailStore store, MailClock clock) {
        this.store = store;
        this.clock = clock.clock();
    }

    /** @param through who asked, for the email's history ("the API", "the console") */
    @Transactional
    Email resend(UUID tenantId, UUID id, String through) {
        Email email = store.find(tenantId, id).orElseThrow(() -> new NotFound("email " + id));
        if (!store.requeue(tenantId, id, clock.instant())) {
            throw new Conflict("a " + email.status().name().toLowerCase() + " email is not resent");
        }
        store.history(id, EmailStatus.QUEUED, email.attempts(), "resend requested through " + through, clock.instant());
        return store.find(tenantId, id).orElseThrow();
    }

    /** Whether the email is one {@link #resend} takes (for showing the button). */
    static boolean resendable(EmailStatus status) {
        return status == EmailStatus.UNCONFIRMED || status == EmailStatus.FAILED || status == EmailStatus.DEFERRED;
    }
}
