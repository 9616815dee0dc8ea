package dev.passerelle.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.Ids;
import tools.jackson.databind.json.JsonMapper;

/** Writes domain events to the outbox, inside the caller's transaction. */
@Service
public class DomainEvents {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    /** Looked up on use: subscribers depend on services that publish events. */
    private final ObjectProvider<DomainEventSubscriber> subscribers;
    /** Resolved on first publish and kept: resolving beans on every event was a measurable cost. */
    private volatile List<DomainEventSubscriber> resolved;

    DomainEvents(JdbcClient jdbc, JsonMapper json, Clock clock, ObjectProvider<DomainEventSubscriber> subscribers) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.subscribers = subscribers;
    }

    /** Must join the transaction of the change it reports: no change, no event; no event, no change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public DomainEvent publish(UUID tenantId, String type, UUID subjectId, Object payload) {
        Instant now = clock.instant();
        DomainEvent event = new DomainEvent(Ids.newId(), tenantId, type, subjectId, json.writeValueAsString(payload), now);
        jdbc.sql("INSERT INTO domain_event (id, tenant_id, type, subject_id, payload, occurred_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(event.id(), tenantId, type, subjectId, event.payload(), Timestamp.from(now)).update();
        for (DomainEventSubscriber subscriber : subscribers()) {
            if (subscriber.wants(type)) {
                jdbc.sql("""
                        INSERT INTO event_delivery (event_id, subscriber, status, attempts, next_attempt_at)
                        VALUES (?, ?, 'PENDING', 0, ?)""")
                        .params(event.id(), subscriber.name(), Timestamp.from(now)).update();
            }
        }
        return event;
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
