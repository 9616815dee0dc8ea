package dev.passerelle.invoicing;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.passerelle.events.EventPayload;

/** A product was created; {@code sku} is empty when it has none. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProductCreated(UUID productId, String name, String sku) implements EventPayload {

    public static final String TYPE = "product.created";

    @Override
    public String eventType() {
        return TYPE;
    }
}
