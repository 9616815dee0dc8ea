package dev.passerelle.events;

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
}
