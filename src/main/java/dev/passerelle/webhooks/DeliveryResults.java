package dev.passerelle.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.Rows;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records what attempts gave, many per transaction: each delivery's next state (delivered, a retry
 * at the schedule's next time, dead), each attempt for the log, and what it says of the
 * subscription. A success clears the subscription's failing mark and, if it was failing, makes its
 * waiting retries due now (the receiver is back: catch up without waiting out the schedule); a
 * failure sets the mark if unset and disables a subscription failing for too long; 410 Gone
 * deletes it. A result whose lease was lost (the delivery was deleted, or claimed again after its
 * lease ran out) changes nothing.
 */
@Component
class DeliveryResults {

    private static final Logger log = LoggerFactory.getLogger(DeliveryResults.class);

    enum Kind {
        DELIVERED, FAILED, GONE, SKIPPED
    }

    /** One attempt's outcome; {@code statusCode} null when no answer came. */
    record Outcome(Deliveries.Leased delivery, UUID token, Kind kind, Instant at, Integer statusCode, long latencyMs,
                   String error) {

        static Outcome delivered(Deliveries.Leased d, UUID token, Instant at, int status, long ms) {
            return new Outcome(d, token, Kind.DELIVERED, at, status, ms, null);
        }

        static Outcome gone(Deliveries.Leased d, UUID token, Instant at, long ms) {
            return new Outcome(d, token, Kind.GONE, at, 410, ms, "HTTP 410 Gone: the subscription was deleted");
        }

        static Outcome failed(Deliveries.Leased d, UUID token, Instant at, Integer status, long ms, String error) {
            return new Outcome(d, token, Kind.FAILED, at, status, ms, error);
        }

        static Outcome skipped(Deliveries.Leased d, UUID token, Instant at, String why) {
            return new Outcome(d, token, Kind.SKIPPED, at, null, 0, why);
        }
    }

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final Disabling disabling;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ScheduleClock clock;
    private final MeterRegistry meters;

    DeliveryResults(Deliveries deliveries, Subscriptions subscriptions, Disabling disabling, JdbcClient jdbc,
                    TransactionTemplate tx, ScheduleClock clock, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.disabling = disabling;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
    }

    /** All in one transaction; if that fails, each on its own, so one bad result holds up only itself. */
    void record(List<Outcome> outcomes) {
        try {
            tx.executeWithoutResult(s -> write(outcomes));
        } catch (RuntimeException e) {
            if (outcomes.size() == 1) {
                throw e;
            }
            log.debug("Recording {} delivery results together failed, one by one now: {}", outcomes.size(), e.toString());
            for (Outcome o : outcomes) {
                try {
                    tx.executeWithoutResult(s -> write(List.of(o)));
                } catch (RuntimeException single) {
                    log.error("Recording the result of webhook delivery {} failed; its lease will run out and it is "
                            + "sent again", o.delivery().id(), single);
                }
            }
        }
        for (Outcome o : outcomes) {
            meters.counter("passerelle.webhooks.attempts", "outcome", o.kind().name().toLowerCase()).increment();
        }
    }

    private void write(List<Outcome> outcomes) {
        Instant now = clock.now();
        Set<UUID> gone = new LinkedHashSet<>();
        for (Outcome o : outcomes) {
            if (o.kind() == Kind.GONE && gone.add(o.delivery().subscriptionId())
                    && subscriptions.deleteGone(o.delivery().tenantId(), o.delivery().subscriptionId())) {
                log.info("Webhook subscription {} of tenant {} deleted: its target answered 410 Gone",
                        o.delivery().subscriptionId(), o.delivery().tenantId());
            }
        }
        List<Outcome> rest = outcomes.stream().filter(o -> !gone.contains(o.delivery().subscriptionId())).toList();
        if (rest.isEmpty()) {
            return;
        }
        List<Deliveries.Result> next = new ArrayList<>(rest.size());
        for (Outcome o : rest) {
            next.add(result(o));
        }
        boolean[] written = deliveries.finish(next);
        List<Deliveries.Attempt> attempts = new ArrayList<>();
        Set<UUID> healthy = new LinkedHashSet<>();
        Map<UUID, String> failing = new LinkedHashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            Outcome o = rest.get(i);
            if (!written[i] || o.kind() == Kind.SKIPPED) {
                continue;
            }
            attempts.add(new Deliveries.Attempt(o.delivery().id(), o.delivery().attempts(), o.at(), o.statusCode(),
                    o.latencyMs(), o.error()));
            if (o.kind() == Kind.DELIVERED) {
                healthy.add(o.delivery().subscriptionId());
            } else {
                failing.put(o.delivery().subscriptionId(), o.error());
            }
        }
        deliveries.attempts(attempts);
        failing.keySet().removeAll(healthy);
        recovered(healthy, now);
        if (!failing.isEmpty()) {
            jdbc.sql("""
                    UPDATE webhook_subscription SET failing_since = :now, updated_at = :now
                    WHERE id IN (:ids) AND failing_since IS NULL""")
                    .param("now", Rows.timestamp(now)).param("ids", List.copyOf(failing.keySet())).update();
            disabling.check(failing.keySet(), failing, now);
        }
    }

    private Deliveries.Result result(Outcome o) {
        Deliveries.Leased d = o.delivery();
        return switch (o.kind()) {
            case DELIVERED -> new Deliveries.Result(d.id(), o.token(), Deliveries.Status.DELIVERED, o.at(), null,
                    o.statusCode(), null);
            case SKIPPED -> new Deliveries.Result(d.id(), o.token(), Deliveries.Status.DEAD, o.at(), null, null, o.error());
            default -> {
                Optional<Duration> wait = RetrySchedule.after(d.attempts());
                yield wait.map(w -> new Deliveries.Result(d.id(), o.token(), Deliveries.Status.PENDING, o.at(),
                                o.at().plus(w), o.statusCode(), o.error()))
                        .orElseGet(() -> new Deliveries.Result(d.id(), o.token(), Deliveries.Status.DEAD, o.at(), null,
                                o.statusCode(), o.error()));
            }
        };
    }

    /** Subscriptions that were failing and just had a success: healthy again, their retries due now. */
    private void recovered(Set<UUID> healthy, Instant now) {
        if (healthy.isEmpty()) {
            return;
        }
        List<UUID> wereFailing = jdbc.sql("""
                SELECT id FROM webhook_subscription WHERE id IN (:ids) AND failing_since IS NOT NULL FOR UPDATE""")
                .param("ids", List.copyOf(healthy)).query(UUID.class).list();
        if (wereFailing.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE webhook_subscription SET failing_since = NULL, updated_at = :now WHERE id IN (:ids)")
                .param("now", Rows.timestamp(now)).param("ids", wereFailing).update();
        int due = deliveries.pullForward(wereFailing, now);
        if (due > 0) {
            log.info("Webhook subscriptions {} answer again: {} waiting deliveries are due now", wereFailing, due);
        }
    }
}
