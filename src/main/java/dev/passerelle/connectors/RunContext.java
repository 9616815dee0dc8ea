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
 * exchange property {@link #PROPERTY}, never as a header. An action called on its own over HTTP
 * ({@link DirectActions}) runs in a context of its own: trigger {@value #API}, no installation.
 *
 * @param trigger     the triggering event's kind: an event type ({@code document.paid}), {@code hook},
 *                    {@code schedule} or {@code shop-order}
 * @param installationId the installation, or null for a call over HTTP
 * @param triggerId   what triggered the run (domain event, inbox event, schedule firing): with the
 *                    installation and the step, the key of every effect
 * @param payload     the trigger's data, {@code ${event.*}} in templates
 * @param parameters  the installation's values, {@code ${install.*}}
 */
public record RunContext(UUID runId, UUID tenantId, UUID installationId, String routeId, String trigger,
                         UUID triggerId, Instant triggeredAt, JsonNode payload, ObjectNode parameters) {

    public static final String PROPERTY = "passerelle.run";
    /** The trigger and route of an action called over HTTP. */
    public static final String API = "api";

    /** An action called over HTTP: the request is its trigger, its body the trigger's data. */
    static RunContext direct(UUID requestId, UUID tenantId, Instant at, JsonNode body) {
        return new RunContext(requestId, tenantId, null, API, API, requestId, at, body,
                tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    }

    /** True for an action called over HTTP rather than in a route. */
    public boolean direct() {
        return installationId == null;
    }

    /** The route id of an automation's runs: {@code automation:<id>}. */
    public static final String AUTOMATION = "automation:";

    /** Who did it, as documents' history records it: the route, the automation, or the API. */
    public String actor() {
        return direct() ? API : routeId.startsWith(AUTOMATION) ? routeId : "route " + routeId;
    }

    /** The day the trigger happened, in UTC: what {@code today} means for this run. */
    public LocalDate triggerDate() {
        return LocalDate.ofInstant(triggeredAt, ZoneOffset.UTC);
    }
}
