package dev.passerelle.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What a domain event says: one record per kind of event, whose type strings are constants of
 * that record, written to the outbox as JSON by {@link DomainEvents} and read back with
 * {@link DomainEvents#read}. The type is not part of the JSON: the outbox row carries it.
 */
public interface EventPayload {

    /** The event's type, e.g. {@code document.paid}: one of the record's constants. */
    @JsonIgnore
    String eventType();
}
