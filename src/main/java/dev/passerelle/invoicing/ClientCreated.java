package dev.passerelle.invoicing;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.passerelle.events.EventPayload;

/** A client was created (through the API, a route, a zap or a shop order). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ClientCreated(UUID clientId, String name, List<String> emails) implements EventPayload {

    public static final String TYPE = "client.created";

    @Override
    public String eventType() {
        return TYPE;
    }
}
