package dev.passerelle.connectors;

/**
 * A trigger block. It never reads from memory: the route's consumer only registers the route
 * with {@link Triggers}; runs are made durably elsewhere (outbox, inbox, clustered scheduler)
 * and handed to the route one by one.
 */
public interface Trigger extends Block {
}
