package dev.passerelle.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.Backoff;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import dev.passerelle.support.Rows;

/**
 * Delivers outbox events to their subscribers from any instance: due deliveries are claimed
 * from a {@link LeasedQueue}, run, and retried with backoff until they succeed or run out of
 * attempts. Each delivery is its own transaction, except for a subscriber that
 * {@linkplain DomainEventSubscriber#batches() takes batches}: its share of a claimed batch is
 * delivered in one transaction, and one by one only if that fails.
 */
@Component
class EventDispatcher extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final int BATCH = 50;
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration LEASE = Duration.ofSeconds(15);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, DomainEventSubscriber> subscribers;
    private final Duration initialBackoff;
    private final LeasedQueue<Key, Delivery> queue;

    EventDispatcher(JdbcClient jdbc, TransactionTemplate tx, Clock clock, List<DomainEventSubscriber> subscribers,
                    @org.springframework.beans.factory.annotation.Value("${passerelle.inbox.initial-backoff}")
                    Duration initialBackoff, LeasedQueues queues) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.subscribers = subscribers.stream().collect(Collectors.toMap(DomainEventSubscriber::name, Function.identity()));
        this.initialBackoff = initialBackoff;
        // One loop, in the timer's thread: subscribers only write rows.
        this.queue = queues.register(new LeasedQueue<>("events-dispatcher", 1, BATCH, LEASE, new Deliveries(), tx, clock));
    }

    @Override
    public void configure() {
        from("timer:events-dispatcher?delay=1000&period={{passerelle.inbox.poll-interval}}")
                .routeId("events-dispatcher")
                .process(exchange -> exchange.getMessage().setBody(dispatch()));
    }

    record Delivery(UUID eventId, String subscriber, int attempts, DomainEvent event) {
    }

    private record Key(UUID eventId, String subscriber) {
    }

    int dispatch() {
        jdbc.sql("""
                UPDATE event_delivery SET status = 'PENDING', claim_token = NULL, locked_until = NULL
                WHERE status = 'RUNNING' AND locked_until < ?""").param(Timestamp.from(clock.instant())).update();
        return queue.drainBatches(this::deliverAll);
    }

    private final class Deliveries implements LeasedQueue.Table<Key, Delivery> {

        @Override
        public List<Key> lockDue(Instant now, int limit) {
            return jdbc.sql("""
                    SELECT event_id, subscriber FROM event_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                    .params(Timestamp.from(now), limit)
                    .query((rs, i) -> new Key(Rows.uuid(rs, "event_id"), rs.getString("subscriber"))).list();
        }

        @Override
        public void lease(List<Key> keys, UUID token, Instant now, Instant until) {
            jdbc.sql("""
                    UPDATE event_delivery SET status = 'RUNNING', claim_token = :token, locked_until = :until,
                           attempts = attempts + 1
                    WHERE (event_id, subscriber) IN (:keys)""")
                    .param("token", token).param("until", Timestamp.from(until))
                    .param("keys", keys.stream().map(k -> new Object[] {k.eventId(), k.subscriber()}).toList())
                    .update();
        }

        @Override
        public List<Delivery> leased(List<Key> keys, UUID token) {
            return jdbc.sql("""
                    SELECT d.event_id, d.subscriber, d.attempts, e.tenant_id, e.type, e.subject_id, e.payload, e.occurred_at
                    FROM event_delivery d JOIN domain_event e ON e.id = d.event_id
                    WHERE (d.event_id, d.subscriber) IN (:keys) AND d.claim_token = :token ORDER BY e.occurred_at""")
                    .param("keys", keys.stream().map(k -> new Object[] {k.eventId(), k.subscriber()}).toList())
                    .param("token", token)
                    .query((rs, i) -> new Delivery(Rows.uuid(rs, "event_id"), rs.getString("subscriber"),
                            rs.getInt("attempts"), new DomainEvent(Rows.uuid(rs, "event_id"), Rows.uuid(rs, "tenant_id"),
                            rs.getString("type"), Rows.uuid(rs, "subject_id"), rs.getString("payload"),
                            Rows.instant(rs, "occurred_at"))))
                    .list();
        }

        @Override
        public void extend(Map<UUID, List<Key>> held, Instant until) {
            LeasedQueue.extend(jdbc, "event_delivery", "event_id, subscriber", held.keySet(), held.values().stream()
                    .flatMap(List::stream).map(k -> new Object[] {k.eventId(), k.subscriber()}).toList(), until);
        }
    }

    private void deliverAll(List<Delivery> claimed, UUID token) {
        Map<String, List<Delivery>> bySubscriber = new LinkedHashMap<>();
        for (Delivery d : claimed) {
            bySubscriber.computeIfAbsent(d.subscriber(), k -> new ArrayList<>()).add(d);
        }
        bySubscriber.forEach((name, deliveries) -> {
            DomainEventSubscriber subscriber = subscribers.get(name);
            if (subscriber != null && subscriber.batches() && deliveries.size() > 1
                    && deliverTogether(subscriber, deliveries, token)) {
                return;
            }
            deliveries.forEach(d -> deliver(d, token));
        });
    }

    /** One transaction for the subscriber's whole share of the batch; false (nothing kept) if it failed. */
    private boolean deliverTogether(DomainEventSubscriber subscriber, List<Delivery> deliveries, UUID token) {
        try {
            tx.executeWithoutResult(status -> {
                try {
                    subscriber.onAll(deliveries.stream().map(Delivery::event).toList());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                jdbc.sql("""
                        UPDATE event_delivery SET status = 'DONE', delivered_at = :at, claim_token = NULL, last_error = NULL
                        WHERE subscriber = :subscriber AND claim_token = :token AND event_id IN (:events)""")
                        .param("at", Timestamp.from(clock.instant())).param("subscriber", subscriber.name())
                        .param("token", token).param("events", deliveries.stream().map(Delivery::eventId).toList())
                        .update();
            });
            return true;
        } catch (RuntimeException e) {
            log.debug("Delivering {} events together to {} failed, delivering them one by one: {}", deliveries.size(),
                    subscriber.name(), e.toString());
            return false;
        }
    }

    private void deliver(Delivery delivery, UUID token) {
        DomainEventSubscriber subscriber = subscribers.get(delivery.subscriber());
        try {
            tx.executeWithoutResult(status -> {
                if (subscriber == null) {
                    throw new IllegalStateException("no subscriber named " + delivery.subscriber());
                }
                try {
                    subscriber.on(delivery.event());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                jdbc.sql("""
                        UPDATE event_delivery SET status = 'DONE', delivered_at = ?, claim_token = NULL, last_error = NULL
                        WHERE event_id = ? AND subscriber = ? AND claim_token = ?""")
                        .params(Timestamp.from(clock.instant()), delivery.eventId(), delivery.subscriber(), token).update();
            });
        } catch (RuntimeException e) {
            boolean dead = delivery.attempts() >= MAX_ATTEMPTS;
            Instant next = clock.instant().plus(Backoff.delay(delivery.attempts(), initialBackoff, Duration.ofHours(1)));
            String error = String.valueOf(e.getMessage());
            jdbc.sql("""
                    UPDATE event_delivery SET status = ?, next_attempt_at = ?, claim_token = NULL, last_error = ?
                    WHERE event_id = ? AND subscriber = ? AND claim_token = ?""")
                    .params(dead ? "DEAD" : "PENDING", Timestamp.from(next),
                            error.length() > 2000 ? error.substring(0, 2000) : error,
                            delivery.eventId(), delivery.subscriber(), token).update();
            log.warn("Delivering {} {} to {} failed (attempt {}{}): {}", delivery.event().type(), delivery.eventId(),
                    delivery.subscriber(), delivery.attempts(), dead ? ", giving up" : "", error);
        }
    }
}
