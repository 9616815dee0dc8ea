package dev.passerelle.connectors;

import tools.jackson.databind.JsonNode;

/**
 * An action block. It wraps the same service the built-in flows call.
 *
 * <p>Its effect happens once per (installation, triggering event, step): {@link Effects} records
 * what it returned and a repeat returns that record instead of acting again.
 */
public interface Action extends Block {

    /** How an action's effect is made exactly once. */
    enum Effect {
        /** Database work: done in one transaction with the record of it, so it commits once or not at all. */
        TRANSACTIONAL,
        /** A call outside the database (HTTP): made, then recorded; it carries the step's idempotency key. */
        EXTERNAL,
        /** No effect (a read or a transformation): run every time, nothing recorded. */
        NONE
    }

    Effect effect();

    /** Does the work and returns the new message body (the created client, the response...). */
    JsonNode run(ActionCall call) throws Exception;
}
