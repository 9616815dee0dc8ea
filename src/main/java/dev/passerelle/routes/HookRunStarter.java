package dev.passerelle.routes;

import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.connectors.ExactJson;
import dev.passerelle.hooks.HookListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code passerelle:hook}: each hook event the inbox works starts a run for each installation
 * whose hook (by name) it came to, and whose {@code kind}, if the route sets one, it has.
 */
@Component
class HookRunStarter implements HookListener {

    static final String BLOCK = "hook";

    private final RunStarter starter;

    HookRunStarter(RunStarter starter) {
        this.starter = starter;
    }

    @Override
    public void received(UUID tenantId, UUID hookId, String hookName, UUID eventId, Instant receivedAt, byte[] body) {
        if (!starter.wanted(BLOCK, r -> true)) {
            return;
        }
        JsonNode payload;
        try {
            payload = ExactJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return; // the receiver stores JSON only; nothing a route could read
        }
        String kind = payload.path("kind").isString() ? payload.path("kind").asString() : payload.path("type").asString("");
        starter.start(tenantId, BLOCK, new RunStarter.Triggered(BLOCK, eventId, receivedAt, payload),
                (options, route) -> hookName.equals(options.text("hook"))
                        && (options.text("kind") == null || options.text("kind").equals(kind)));
    }
}
