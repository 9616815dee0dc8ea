package dev.passerelle.woocommerce;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A shop connection as the API lists it. The webhook secret and the REST keys are never part
 * of it; {@code webhooks} is what Passerelle last saw of its two webhooks in the shop (with REST
 * keys), {@code webhookAlert} says one of them is not active or could not be put right;
 * {@code webhookSetup} is how the last one-step setup went (null if there was none);
 * {@code restAuth} how the shop takes the REST keys: {@code authorization_header}, or
 * {@code query_parameters} when its host strips that header (null without keys).
 */
record WooConnection(UUID id, String name, String shopUrl, Status status, WooSettings settings, boolean hasRestKeys,
                     String restAuth, List<WebhookState> webhooks, Instant webhooksCheckedAt, boolean webhookAlert,
                     WebhookSetup webhookSetup, Instant lastPingAt,
                     Instant lastDeliveryAt, Recovery recovery, Instant createdAt, Instant updatedAt) {

    enum Status { ACTIVE, PAUSED, DELETED }

    /**
     * {@code status}: the shop's word (active, paused, disabled) or {@code missing}; {@code error}:
     * why Passerelle could not put it right (re-enable or create it), until the state changes.
     */
    record WebhookState(Long id, String topic, String status, String error) {

        WebhookState(Long id, String topic, String status) {
            this(id, topic, status, null);
        }

        WebhookState failed(String why) {
            return new WebhookState(id, topic, status, why);
        }
    }

    /** {@code status}: {@code connected} or {@code failed}; {@code error} says what to fix. */
    record WebhookSetup(String status, String error, Instant at) {
    }

    record Recovery(Instant cursor, Instant lastRunAt, String lastError) {
    }
}
