package dev.passerelle.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.Ids;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Writes domain events to the outbox, inside the caller's transaction. */
@Service
public class DomainEvents {

    private final JdbcTemplate batches;
    private final JsonMapper json;
    private final ObjectReader reader;
    private final Clock clock;
    /** Looked up on use: subscribers depend on services that publish events. */
    private final ObjectProvider<DomainEventSubscriber> subscribers;
    /** Resolved on first publish and kept: resolving beans on every event was a measurable cost. */
    private volatile List<DomainEventSubscriber> resolved;

    DomainEvents(JdbcTemplate batches, JsonMapper json, Clock clock, ObjectProvider<DomainEventSubscriber> subscribers) {
        this.batches = batches;
        this.json = json;
        this.reader = json.readerFor(Object.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.clock = clock;
        this.subscribers = subscribers;
    }

    /** An event to publish: what it is about and what it says. */
    public record NewEvent(UUID subjectId, EventPayload payload) {
    }

    /** Must join the transaction of the change it reports: no change, no event; no event, no change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public DomainEvent publish(UUID tenantId, UUID subjectId, EventPayload payload) {
        return publishAll(tenantId, List.of(new NewEvent(subjectId, payload))).get(0);
    }

    /**
     * An event's payload as the record that wrote it; unknown fields (from a newer version) are
     * skipped, and a record that serves several types gets the event's type back.
     */
    public <T extends EventPayload> T read(DomainEvent event, Class<T> type) {
        return reader.forType(type).with(new InjectableValues.Std().addValue("eventType", event.type()))
                .readValue(event.payload());
    }

    /** Several events of one change, in order, with their deliveries: one round trip for each table. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<DomainEvent> publishAll(UUID tenantId, List<NewEvent> events) {
        List<DomainEvent> written = new ArrayList<>(events.size());
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> deliveries = new ArrayList<>();
        for (NewEvent e : events) {
            Instant now = clock.instant();
            String type = e.payload().eventType();
            DomainEvent event = new DomainEvent(Ids.newId(), tenantId, type, e.subjectId(),
                    json.writeValueAsString(e.payload()), now);
            written.add(event);
            rows.add(new Object[] {event.id(), tenantId, type, e.subjectId(), event.payload(), Timestamp.from(now)});
            for (DomainEventSubscriber subscriber : subscribers()) {
                if (subscriber.wants(type)) {
                    deliveries.add(new Object[] {event.id(), subscriber.name(), Timestamp.from(now)});
                }
            }
        }
        if (!rows.isEmpty()) {
            batches.batchUpdate("""
                    INSERT INTO domain_event (id, tenant_id, type, subject_id, payload, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", rows);
        }
        if (!deliveries.isEmpty()) {
            batches.batchUpdate("""
                    INSERT INTO event_delivery (event_id, subscriber, status, attempts, next_attempt_at)
                    VALUES (?, ?, 'PENDING', 0, ?)""", deliveries);
        }
        return written;
    }

    private List<DomainEventSubscriber> subscribers() {
        List<DomainEventSubscriber> list = resolved;
        if (list == null) {
            list = subscribers.orderedStream().toList();
            resolved = list;
        }
        return list;
    }
}
