package dev.passerelle.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Backoff;
import dev.passerelle.support.Ids;
import dev.passerelle.support.LeasedQueue;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends the mail outbox. Due emails are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so any number of workers on any number of instances share the queue.
 *
 * <p><b>Never twice.</b> Each email's Message-ID is fixed when it is queued. Before the
 * message is handed to the server, {@code sending_started_at} is committed. When the server
 * accepts, the acceptance (reply, time) is recorded and the document marked sent. If the
 * worker dies in between — or its lease runs out — the row is found in {@code SENDING} with an
 * expired lease and settled by this rule:
 * <ul>
 * <li>{@code sending_started_at} is null: the worker stopped before the transfer began (while
 *     rendering, resolving or connecting). Nothing reached a server: the email is DEFERRED
 *     and sent again.</li>
 * <li>{@code sending_started_at} is set: the server may have accepted the message. The email
 *     becomes UNCONFIRMED and is <em>not</em> resent automatically; the history says so and
 *     an operator may resend it explicitly ({@code POST /api/v1/emails/{id}/resend}, same
 *     Message-ID). A bounce for its Message-ID still turns it into BOUNCED.</li>
 * </ul>
 * The same rule applies when the connection breaks after the transfer began without any SMTP
 * reply (a timeout after the final dot): UNCONFIRMED, not retried. A 4xx/5xx reply is a
 * definite answer: DEFERRED (with backoff, until {@code max-age}) or FAILED.
 */
@Component
class MailWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    private static final MailWorkerProbe NO_PROBE = new MailWorkerProbe() {
    };

    private final MailStore store;
    private final MailSenders senders;
    private final MessageBuilder builder;
    private final Documents documents;
    private final DomainEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MailProperties settings;
    private final MeterRegistry meters;
    private final MailWorkerProbe probe;
    private final LeasedQueue<UUID, Email> queue;
    private final DeliveryTracking tracking;

    MailWorker(MailStore store, MailSenders senders, MessageBuilder builder, Documents documents, DomainEvents events,
               TransactionTemplate tx, Clock clock, MailProperties settings, MeterRegistry meters,
               ObjectProvider<MailWorkerProbe> probe, DeliveryTracking tracking) {
        this.tracking = tracking;
        this.store = store;
        this.senders = senders;
        this.builder = builder;
        this.documents = documents;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.settings = settings;
        this.meters = meters;
        this.probe = probe.getIfAvailable(() -> NO_PROBE);
        this.queue = new LeasedQueue<>("mail-worker", settings.workers(),
                settings.batchSize() / Math.max(1, settings.workers()), settings.lease(), store, tx, clock);
    }

    /**
     * Sends until nothing is due, in {@code workers} loops that each claim their own small batch,
     * so one slow server does not hold up the others. Returns how many emails were tried.
     */
    int drain() {
        settleExpiredLeases();
        return queue.drain(this::process);
    }

    /**
     * Queues an email and sends it now, in the caller's thread (the "send a test email"
     * button). It is claimed in the transaction that queues it, so no background worker takes it.
     */
    Email queueAndSendNow(java.util.function.Supplier<Email> queue) {
        UUID token = Ids.newId();
        List<Email> claimed = tx.execute(status -> {
            Email queued = queue.get();
            if (queued.status() != EmailStatus.QUEUED) {
                return List.of(queued); // dropped when queued: every address suppressed
            }
            Instant now = clock.instant();
            store.lease(List.of(queued.id()), token, now, now.plus(settings.lease()));
            return store.leased(token);
        });
        Email email = claimed.get(0);
        if (email.status() != EmailStatus.SENDING) {
            return email;
        }
        process(email, token);
        return store.find(email.tenantId(), email.id()).orElseThrow();
    }

    void process(Email claimed, UUID token) {
        Email email = tracking.beforeSend(claimed, token).orElse(null);
        if (email == null) {
            return; // dropped: every To address is on the suppression list
        }
        MailSenders.Route route;
        MessageBuilder.Built built;
        try {
            route = senders.chosen(senders.resolve(email.tenantId(), email.kind()), email.sender());
            built = builder.build(email, route);
        } catch (MailSendException e) {
            finish(email, token, e, null);
            return;
        } catch (Exception e) {
            finish(email, token, new MailSendException(MailSendException.Kind.TRANSIENT, null,
                    "cannot prepare the message: " + e.getMessage(), e), null);
            return;
        }
        String via = route.sender().describe();
        String reply;
        try {
            reply = route.sender().send(built.message(), () -> {
                if (!store.markTransferStarted(email.id(), token, clock.instant(), via, built.message())) {
                    throw new LostClaim();
                }
            });
        } catch (MailSendException e) {
            finish(email, token, e, via);
            return;
        } catch (LostClaim e) {
            log.warn("Email {}: lease lost before the transfer began; another worker has it", email.id());
            return;
        } catch (RuntimeException e) {
            finish(email, token, new MailSendException(MailSendException.Kind.TRANSIENT, null, e.toString(), e), via);
            return;
        }
        try {
            probe.afterAccepted(email);
            recordSent(email, token, reply, via, built.note());
        } catch (RuntimeException e) {
            // The server has the message; we could not record it. Leave the row in SENDING: when
            // the lease runs out it becomes UNCONFIRMED, never a blind resend.
            log.error("Email {} was accepted by {} ({}) but could not be recorded; it will show as unconfirmed",
                    email.id(), via, reply, e);
        }
    }

    private void recordSent(Email email, UUID token, String reply, String via, String note) {
        boolean recorded = Boolean.TRUE.equals(tx.execute(status -> {
            Instant now = clock.instant();
            if (!store.markSent(email.id(), token, reply, via, now)) {
                return false;
            }
            String detail = "accepted by " + via + ": " + reply + (note == null ? "" : "; " + note);
            store.history(email.id(), EmailStatus.SENT, email.attempts(), detail, now);
            if (email.documentId() != null) {
                markDocumentSent(email, detail);
            }
            events.publish(email.tenantId(), email.id(), EmailEvent.of(EmailEvent.SENT, email, EmailStatus.SENT, reply));
            return true;
        }));
        meters.counter("passerelle.mail.sent", "outcome", recorded ? "sent" : "lost-claim").increment();
        if (!recorded) {
            log.warn("Email {} was accepted ({}) after its lease ran out; it stays as settled by the lease rule",
                    email.id(), reply);
        }
    }

    private void markDocumentSent(Email email, String detail) {
        Document d = documents.find(email.tenantId(), email.documentId()).orElse(null);
        if (d == null) {
            return;
        }
        if (d.status() == DocumentStatus.DRAFT || d.status() == DocumentStatus.CANCELLED) {
            documents.recordEmail(email.tenantId(), d.id(), "email.sent", detail);
        } else {
            documents.markSent(email.tenantId(), d.id(), "email " + email.id() + " " + detail);
        }
    }

    private void finish(Email email, UUID token, MailSendException e, String via) {
        Instant now = clock.instant();
        String reason = e.getMessage();
        EmailStatus next;
        Instant nextAttempt = now;
        String detail;
        boolean giveUp = email.kind().equals("test")
                || now.isAfter(email.createdAt().plus(settings.maxAge()));
        switch (e.kind()) {
            case PERMANENT -> {
                next = EmailStatus.FAILED;
                detail = "refused" + (via == null ? "" : " by " + via) + ": " + reason;
            }
            case UNCERTAIN -> {
                next = EmailStatus.UNCONFIRMED;
                detail = "connection to " + via + " lost after the transfer began (" + reason
                        + "); the server may have accepted it: not resent automatically";
            }
            default -> {
                if (giveUp) {
                    next = EmailStatus.FAILED;
                    detail = (email.kind().equals("test") ? "" : "gave up after " + settings.maxAge() + ": ") + reason;
                } else {
                    next = EmailStatus.DEFERRED;
                    nextAttempt = now.plus(Backoff.delay(email.attempts(), settings.initialBackoff(), settings.maxBackoff()));
                    detail = reason + "; next attempt at " + nextAttempt;
                }
            }
        }
        String finalDetail = detail;
        Instant finalNext = nextAttempt;
        tx.executeWithoutResult(status -> {
            if (!store.markFinished(email.id(), token, next, finalNext, e.reply(), now)) {
                return;
            }
            store.history(email.id(), next, email.attempts(), finalDetail, now);
            if (email.documentId() != null) {
                documents.recordEmail(email.tenantId(), email.documentId(), "email." + next.name().toLowerCase(),
                        "email " + email.id() + " attempt " + email.attempts() + ": " + finalDetail);
            }
            if (next == EmailStatus.FAILED || next == EmailStatus.UNCONFIRMED) {
                events.publish(email.tenantId(), email.id(), EmailEvent.of(next == EmailStatus.FAILED
                        ? EmailEvent.FAILED : EmailEvent.UNCONFIRMED, email, next, e.reply() != null ? e.reply() : reason));
            }
        });
        meters.counter("passerelle.mail.sent", "outcome", next.name().toLowerCase()).increment();
        log.warn("Email {} attempt {}: {} — {}", email.id(), email.attempts(), next, finalDetail);
    }

    /** The lease rule (see the class comment), applied to rows whose worker stopped. */
    void settleExpiredLeases() {
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            for (MailStore.Expired x : store.lockExpired(now, 100)) {
                boolean transferBegan = x.sendingStartedAt() != null;
                EmailStatus next = transferBegan ? EmailStatus.UNCONFIRMED : EmailStatus.DEFERRED;
                String detail = transferBegan
                        ? "the worker stopped after handing the message over at " + x.sendingStartedAt()
                          + "; the server may have accepted it: not resent automatically"
                        : "the worker stopped before the transfer began; sending again";
                store.settleExpired(x.id(), next, now);
                store.history(x.id(), next, x.attempts(), detail, now);
                if (x.documentId() != null) {
                    documents.recordEmail(x.tenantId(), x.documentId(), "email." + next.name().toLowerCase(),
                            "email " + x.id() + ": " + detail);
                }
                if (transferBegan) {
                    events.publish(x.tenantId(), x.id(), new EmailEvent(EmailEvent.UNCONFIRMED, x.id(), null, next,
                            x.documentId(), null, null, null, detail, null));
                }
                log.warn("Email {}: lease expired, {}", x.id(), detail);
            }
        });
    }

    private static final class LostClaim extends RuntimeException {
        LostClaim() {
            super(null, null, false, false);
        }
    }

    @Override
    public void destroy() {
        queue.close();
    }
}
