package dev.passerelle.connectors;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one run of a route for one installation carries from step to step: whose it is, what
 * triggered it, and the installation's parameter values (secrets as references). Travels as the
 * exchange property {@link #PROPERTY}, never as a header.
 *
 * @param trigger     the triggering event's kind: an event type ({@code document.paid}), {@code hook},
 *                    {@code schedule} or {@code shop-order}
 * @param triggerId   what triggered the run (domain event, inbox event, schedule firing): with the
 *                    installation and the step, the key of every effect
 * @param payload     the trigger's data, {@code ${event.*}} in templates
 * @param parameters  the installation's values, {@code ${install.*}}
 */
public record RunContext(UUID runId, UUID tenantId, UUID installationId, String routeId, String trigger,
                         UUID triggerId, Instant triggeredAt, JsonNode payload, ObjectNode parameters) {

    public static final String PROPERTY = "passerelle.run";

    /** The day the trigger happened, in UTC: what {@code today} means for this run. */
    public LocalDate triggerDate() {
        return LocalDate.ofInstant(triggeredAt, ZoneOffset.UTC);
    }
}
