package dev.passerelle.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.support.Ids;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outbox's "webhooks" subscriber: for each event some ACTIVE subscription of its tenant wants,
 * the body is rendered and written once ({@code webhook_message}), with one due delivery per such
 * subscription. Each claimed batch of events is one transaction, so a busy outbox costs three
 * statements per batch, not per event. Idempotent: the dispatcher may hand an event over twice,
 * and the message and each (subscription, event) delivery are written once.
 */
@Component
class FanOut implements DomainEventSubscriber {

    static final String NAME = "webhooks";
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final ActiveTypes activeTypes;
    private final Subscriptions subscriptions;
    private final EventBodies bodies;
    private final JdbcTemplate batches;
    private final ScheduleClock clock;

    FanOut(ActiveTypes activeTypes, Subscriptions subscriptions, EventBodies bodies, JdbcTemplate batches,
           ScheduleClock clock) {
        this.activeTypes = activeTypes;
        this.subscriptions = subscriptions;
        this.bodies = bodies;
        this.batches = batches;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean wants(String eventType) {
        return activeTypes.contains(eventType);
    }

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public void on(DomainEvent event) {
        onAll(List.of(event));
    }

    private record Key(UUID tenantId, String event) {
    }

    @Override
    public void onAll(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<Key, List<UUID>> targets = new HashMap<>();
        for (Subscriptions.Target t : subscriptions.activeFor(events.stream().map(DomainEvent::tenantId).distinct().toList(),
                events.stream().map(DomainEvent::type).distinct().toList())) {
            targets.computeIfAbsent(new Key(t.tenantId(), t.event()), k -> new ArrayList<>()).add(t.id());
        }
        Instant now = clock.now();
        Timestamp at = Timestamp.from(now);
        List<Object[]> messages = new ArrayList<>();
        List<Object[]> deliveries = new ArrayList<>();
        for (DomainEvent event : events) {
            List<UUID> to = targets.getOrDefault(new Key(event.tenantId(), event.type()), List.of());
            if (to.isEmpty()) {
                continue;
            }
            Optional<ObjectNode> body = bodies.render(event);
            if (body.isEmpty()) {
                log.info("Event {} {}: its subject {} is gone, nothing to deliver to {} subscription(s)", event.type(),
                        event.id(), event.subjectId(), to.size());
                continue;
            }
            messages.add(new Object[] {event.id(), event.tenantId(), event.type(),
                    new String(bodies.bytes(body.get()), java.nio.charset.StandardCharsets.UTF_8), at});
            for (UUID subscription : to) {
                deliveries.add(new Object[] {Ids.newId(), subscription, event.tenantId(), event.id(), at, at});
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        batches.batchUpdate("""
                INSERT INTO webhook_message (event_id, tenant_id, event_type, body, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", messages);
        batches.batchUpdate("""
                INSERT INTO webhook_delivery (id, subscription_id, tenant_id, event_id, status, attempts, next_attempt_at,
                                              created_at)
                VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)
                ON CONFLICT DO NOTHING""", deliveries);
    }
}
