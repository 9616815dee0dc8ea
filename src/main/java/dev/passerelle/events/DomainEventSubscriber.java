package dev.passerelle.events;

import java.util.List;

/**
 * A durable consumer of domain events. Each (event, subscriber) pair is delivered until the
 * subscriber returns normally, with backoff between failures; a subscriber must therefore be
 * idempotent (at-least-once delivery).
 */
public interface DomainEventSubscriber {

    /** Stable name: delivery progress is stored under it. */
    String name();

    boolean wants(String eventType);

    void on(DomainEvent event) throws Exception;

    /**
     * True when {@link #onAll} takes several events in fewer statements than one {@link #on} each:
     * the dispatcher then hands it each claimed batch of its deliveries in one transaction.
     */
    default boolean batches() {
        return false;
    }

    /**
     * Takes several events, in order, in one transaction. If it throws, none of them counts as
     * delivered (the transaction is rolled back) and the dispatcher delivers each again on its
     * own through {@link #on}, so a bad event holds up only itself.
     */
    default void onAll(List<DomainEvent> events) throws Exception {
        for (DomainEvent event : events) {
            on(event);
        }
    }
}
