package dev.passerelle.webhooks;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.passerelle.events.EventPayload;

/** A webhook subscription was disabled: its deliveries failed from {@code failingSince} on without a success. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record SubscriptionDisabled(UUID subscriptionId, String event, String targetUrl, Instant failingSince,
                            String lastError) implements EventPayload {

    static final String TYPE = "webhook.subscription_disabled";

    @Override
    public String eventType() {
        return TYPE;
    }
}
