package dev.passerelle.woocommerce;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/**
 * The recovery job found one of a shop's webhooks disabled or missing (the first time it sees it
 * so); {@code reenabled} says whether Passerelle put it right, {@code reenableError} why not.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ShopWebhookProblem(
        @JsonIgnore @JacksonInject(value = "eventType", useInput = OptBoolean.FALSE) String eventType,
        UUID connectionId, String connectionName, String shopUrl, Long webhookId, String topic, String status,
        boolean reenabled, @JsonInclude(JsonInclude.Include.NON_NULL) String reenableError) implements EventPayload {

    public static final String DISABLED = "woocommerce.webhook_disabled";
    public static final String MISSING = "woocommerce.webhook_missing";
}
