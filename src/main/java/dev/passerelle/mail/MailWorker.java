package dev.passerelle.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.Backoff;
import dev.passerelle.support.Ids;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends the mail outbox. Due emails are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so any number of workers on any number of instances share the queue.
 *
 * <p><b>Never twice.</b> Each email's Message-ID is fixed when it is queued. Before the
 * message is handed to the server, {@code sending_started_at} is committed (for the rest of its
 * batch at once, see {@link #process}). When the server
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
class MailWorker {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    /**
     * Messages marked "transfer started" by one commit. A claimed batch may be larger (claims and
     * acceptances are recorded per batch, bench/mail.md), but a worker that dies leaves its marked,
     * unsent messages UNCONFIRMED (never resent by themselves): at most this many per loop.
     */
    static final int MARK_AHEAD = 8;
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
    private final SmtpConnections connections;

    MailWorker(MailStore store, MailSenders senders, MessageBuilder builder, Documents documents, DomainEvents events,
               TransactionTemplate tx, MailClock clock, MailProperties settings, MeterRegistry meters,
               ObjectProvider<MailWorkerProbe> probe, DeliveryTracking tracking, SmtpConnections connections, LeasedQueues queues) {
        this.tracking = tracking;
        this.connections = connections;
        this.store = store;
        this.senders = senders;
        this.builder = builder;
        this.documents = documents;
        this.events = events;
        this.tx = tx;
        this.clock = clock.clock();
        this.settings = settings;
        this.meters = meters;
        this.probe = probe.getIfAvailable(() -> NO_PROBE);
        this.queue = queues.register(new LeasedQueue<>("mail-worker", settings.workers(),
                settings.batchSize() / Math.max(1, settings.workers()), settings.lease(), store, tx, this.clock));
    }

    /**
     * Sends until nothing is due, in {@code workers} loops that each claim their own small batch,
     * so one slow server does not hold up the others. Returns how many emails were tried.
     */
    int drain() {
        settleExpiredLeases();
        int tried = queue.drainBatches(this::process);
        connections.closeIdle();
        return tried;
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
            return store.leased(List.of(queued.id()), token);
        });
        Email email = claimed.get(0);
        if (email.status() != EmailStatus.SENDING) {
            return email;
        }
        process(List.of(email), token);
        return store.find(email.tenantId(), email.id()).orElseThrow();
    }

    /** An email ready to go: how it leaves and the message built for it. */
    private record Ready(Email email, MailSenders.Route route, MessageBuilder.Built built) {
    }

    /** An email the server accepted, waiting to be recorded with the rest of its batch. */
    private record Accepted(Email email, String reply, String via, String note) {
    }

    /**
     * Sends a claimed batch. The suppression list is read once per tenant and each tenant's sender
     * resolved once; messages go one after the other over kept connections ({@link SmtpConnections});
     * the acceptances are recorded together, in one transaction.
     *
     * <p>The transfer mark is committed for the next {@link #MARK_AHEAD} messages at once, right before
     * the first of them is handed over: every message still goes to the server after its mark. When a message
     * fails, its connection is closed and the next ones go over a new one; one that then cannot be
     * handed over (the server is gone) is known not to have been, and is deferred with its mark
     * removed. Only a worker that dies mid-batch leaves marked messages it never handed over: they
     * become UNCONFIRMED, never resent blindly.
     */
    void process(List<Email> claimed, UUID token) {
        List<Ready> ready = new ArrayList<>(claimed.size());
        Map<RouteKey, Resolved> routes = new HashMap<>();
        for (Email email : tracking.beforeSend(claimed, token)) {
            try {
                MailSenders.Route route = senders.chosen(route(routes, email), email.sender());
                ready.add(new Ready(email, route, builder.build(email, route)));
            } catch (MailSendException e) {
                finish(email, token, e, null, false);
            } catch (Exception e) {
                finish(email, token, new MailSendException(MailSendException.Kind.TRANSIENT, null,
                        "cannot prepare the message: " + e.getMessage(), e), null, false);
            }
        }
        Set<UUID> marked = new HashSet<>();
        List<Accepted> accepted = new ArrayList<>(ready.size());
        for (int i = 0; i < ready.size(); i++) {
            Ready r = ready.get(i);
            List<Ready> rest = ready.subList(i, Math.min(ready.size(), i + MARK_AHEAD));
            UUID id = r.email().id();
            String via = r.route().sender().describe();
            boolean[] handedOver = {false};
            String reply;
            try {
                reply = r.route().sender().send(r.built().message(), () -> {
                    if (!marked.contains(id)) {
                        marked.addAll(markTransferStarted(rest, marked, token));
                        if (!marked.contains(id)) {
                            throw new LostClaim();
                        }
                    }
                    handedOver[0] = true;
                });
            } catch (MailSendException e) {
                finish(r.email(), token, e, via, handedOver[0] || !marked.contains(id));
                continue;
            } catch (LostClaim e) {
                log.warn("Email {}: lease lost before the transfer began; another worker has it", id);
                continue;
            } catch (RuntimeException e) {
                finish(r.email(), token, new MailSendException(MailSendException.Kind.TRANSIENT, null, e.toString(), e),
                        via, handedOver[0] || !marked.contains(id));
                continue;
            }
            try {
                probe.afterAccepted(r.email());
                accepted.add(new Accepted(r.email(), reply, via, r.built().note()));
            } catch (RuntimeException e) {
                // The server has the message; we could not record it. Leave the row in SENDING: when
                // the lease runs out it becomes UNCONFIRMED, never a blind resend.
                log.error("Email {} was accepted by {} ({}) but could not be recorded; it will show as unconfirmed",
                        id, via, reply, e);
            }
        }
        routes.values().stream().filter(r -> r.route() != null).forEach(r -> r.route().sender().close());
        try {
            recordSent(accepted, token);
        } catch (RuntimeException e) {
            log.error("{} emails were accepted but could not be recorded; they will show as unconfirmed",
                    accepted.size(), e);
        }
    }

    /** Which sender a tenant's email takes: the same for all its emails but notifications (see MailSenders). */
    private record RouteKey(UUID tenantId, boolean notification) {
    }

    /** A tenant's route for a batch, or why it has none. */
    private record Resolved(MailSenders.Route route, MailSendException refused) {
    }

    /** The tenant's route, resolved once per batch (a refusal too: each of its emails gets it). */
    private MailSenders.Route route(Map<RouteKey, Resolved> routes, Email email) throws MailSendException {
        Resolved resolved = routes.computeIfAbsent(new RouteKey(email.tenantId(), "notification".equals(email.kind())),
                key -> {
                    try {
                        return new Resolved(senders.resolve(email.tenantId(), email.kind()), null);
                    } catch (MailSendException e) {
                        return new Resolved(null, e);
                    }
                });
        if (resolved.refused() != null) {
            MailSendException e = resolved.refused();
            throw new MailSendException(e.kind(), e.reply(), e.getMessage(), e.getCause());
        }
        return resolved.route();
    }

    /** Commits the mark for the emails of {@code rest} not marked yet; returns those marked. */
    private List<UUID> markTransferStarted(List<Ready> rest, Set<UUID> marked, UUID token) {
        List<MailStore.Starting> starting = new ArrayList<>(rest.size());
        for (Ready r : rest) {
            if (!marked.contains(r.email().id())) {
                starting.add(new MailStore.Starting(r.email().id(), r.route().sender().describe(), r.built().message()));
            }
        }
        return tx.execute(status -> store.markTransferStarted(starting, token, clock.instant()));
    }

    private void recordSent(List<Accepted> accepted, UUID token) {
        if (accepted.isEmpty()) {
            return;
        }
        List<UUID> recorded = tx.execute(status -> {
            Instant now = clock.instant();
            List<UUID> sent = store.markSent(accepted.stream()
                    .map(a -> new MailStore.Accepted(a.email().id(), a.reply(), a.via())).toList(), token, now);
            Set<UUID> mine = new HashSet<>(sent);
            List<MailStore.NewHistory> history = new ArrayList<>(sent.size());
            Map<UUID, List<DomainEvents.NewEvent>> events = new LinkedHashMap<>();
            for (Accepted a : accepted) {
                Email email = a.email();
                if (!mine.contains(email.id())) {
                    continue;
                }
                String detail = "accepted by " + a.via() + ": " + a.reply() + (a.note() == null ? "" : "; " + a.note());
                history.add(new MailStore.NewHistory(email.id(), EmailStatus.SENT, email.attempts(), detail));
                if (email.documentId() != null) {
                    documents.emailSent(email.tenantId(), email.documentId(), "email " + email.id() + " " + detail);
                }
                events.computeIfAbsent(email.tenantId(), t -> new ArrayList<>()).add(new DomainEvents.NewEvent(email.id(),
                        EmailEvent.of(EmailEvent.SENT, email, EmailStatus.SENT, a.reply())));
            }
            store.history(history, now);
            events.forEach(this.events::publishAll);
            return sent;
        });
        meters.counter("passerelle.mail.sent", "outcome", "sent").increment(recorded.size());
        if (recorded.size() < accepted.size()) {
            meters.counter("passerelle.mail.sent", "outcome", "lost-claim").increment(accepted.size() - recorded.size());
            Set<UUID> mine = new HashSet<>(recorded);
            accepted.stream().filter(a -> !mine.contains(a.email().id())).forEach(a -> log.warn(
                    "Email {} was accepted ({}) after its lease ran out; it stays as settled by the lease rule",
                    a.email().id(), a.reply()));
        }
    }

    /** {@code transferBegan}: false when the message is known not to have reached the server. */
    private void finish(Email email, UUID token, MailSendException e, String via, boolean transferBegan) {
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
            if (!store.markFinished(email.id(), token, next, finalNext, e.reply(), now, transferBegan)) {
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
                        ? "the worker stopped once the transfer could begin (" + x.sendingStartedAt() + ")"
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
}
