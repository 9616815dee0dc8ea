package dev.passerelle.woocommerce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Passerelle's two webhooks in a shop (order created, order updated), through the shop's REST
 * API: create them (reusing ours if they exist), check them, switch them back on.
 */
@Component
class ShopWebhooks {

    static final List<String> TOPICS = List.of("order.created", "order.updated");

    private final ShopClient client;
    private final WooConnections connections;

    ShopWebhooks(ShopClient client, WooConnections connections) {
        this.client = client;
        this.connections = connections;
    }

    /** The outcome of a one-step connect; {@code error} says what to fix when it failed. */
    record Setup(String status, List<WooConnection.WebhookState> webhooks, String error) {
    }

    /**
     * Creates both webhooks, or takes over ours (same delivery URL and topic): active, with the
     * current secret. Called outside any transaction: the shop pings the delivery URL while it
     * saves an active webhook, and the connection must already be visible to answer it. Each
     * webhook is tried even if the other failed, and what the shop then holds is saved on the
     * connection with the outcome: a failed setup stays visible until the next one.
     */
    Setup connect(WooConnections.Row row, String deliveryUrl) {
        List<JsonNode> existing;
        ShopClient.Shop shop;
        try {
            shop = connections.shop(row);
            existing = client.listWebhooks(shop);
        } catch (ShopClient.ShopException e) {
            // Nothing is known of the shop's webhooks: say so rather than show none.
            Map<String, WooConnection.WebhookState> before = new LinkedHashMap<>();
            row.webhooks().forEach(s -> before.put(s.topic(), s));
            List<WooConnection.WebhookState> unknown = TOPICS.stream().map(topic -> new WooConnection.WebhookState(
                    before.containsKey(topic) ? before.get(topic).id() : null, topic, "unknown", e.getMessage())).toList();
            return finish(row, unknown, List.of(e.getMessage()));
        }
        String secret = connections.reveal(row.tenantId(), row.secretId());
        String token = connections.token(row);
        List<WooConnection.WebhookState> states = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String topic : TOPICS) {
            Optional<JsonNode> ours = find(existing, token, topic);
            try {
                JsonNode saved;
                if (ours.isPresent()) {
                    saved = client.updateWebhook(shop, ours.get().path("id").asLong(),
                            Map.of("status", "active", "secret", secret, "delivery_url", deliveryUrl));
                } else {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", "Passerelle: " + topic.replace("order.", "order ") + " (" + row.name() + ")");
                    body.put("topic", topic);
                    body.put("delivery_url", deliveryUrl);
                    body.put("secret", secret);
                    body.put("status", "active");
                    saved = client.createWebhook(shop, body);
                }
                states.add(new WooConnection.WebhookState(saved.path("id").asLong(), topic,
                        saved.path("status").asString("active")));
            } catch (ShopClient.ShopException e) {
                errors.add(e.getMessage());
                states.add(ours.map(h -> state(h, topic)).orElse(new WooConnection.WebhookState(null, topic, "missing"))
                        .failed(e.getMessage()));
            }
        }
        return finish(row, states, errors);
    }

    private Setup finish(WooConnections.Row row, List<WooConnection.WebhookState> states, List<String> errors) {
        String error = errors.isEmpty() ? null : String.join("; ", errors)
                + ". Create the missing webhooks by hand (see instructions) or fix the keys and call connect-webhooks.";
        String status = error == null ? "connected" : "failed";
        connections.saveSetup(row.id(), states, status, error);
        return new Setup(status, states, error);
    }

    /** After a rotation: the shop signs with the new secret at once. */
    Optional<String> pushSecret(WooConnections.Row row) {
        if (!row.hasRestKeys() || row.webhooks().isEmpty()) {
            return Optional.of("paste the new secret into both webhooks in the shop");
        }
        try {
            ShopClient.Shop shop = connections.shop(row);
            String secret = connections.reveal(row.tenantId(), row.secretId());
            for (WooConnection.WebhookState state : row.webhooks()) {
                if (state.id() != null && !"missing".equals(state.status())) {
                    client.updateWebhook(shop, state.id(), Map.of("secret", secret));
                }
            }
            return Optional.empty();
        } catch (ShopClient.ShopException e) {
            return Optional.of(e.getMessage() + "; paste the new secret into both webhooks in the shop");
        }
    }

    /** What the shop says of our webhooks now; a topic without one is {@code missing}. */
    List<WooConnection.WebhookState> check(WooConnections.Row row) {
        List<JsonNode> existing = client.listWebhooks(connections.shop(row));
        String token = connections.token(row);
        List<WooConnection.WebhookState> states = new ArrayList<>();
        for (String topic : TOPICS) {
            states.add(find(existing, token, topic).map(h -> state(h, topic))
                    .orElse(new WooConnection.WebhookState(null, topic, "missing")));
        }
        return states;
    }

    WooConnection.WebhookState reenable(WooConnections.Row row, WooConnection.WebhookState state) {
        JsonNode saved = client.updateWebhook(connections.shop(row), state.id(), Map.of("status", "active"));
        return new WooConnection.WebhookState(state.id(), state.topic(), saved.path("status").asString("active"));
    }

    /** Best effort on delete: the shop stops sending to a URL that no longer answers. */
    void remove(WooConnections.Row row) {
        if (!row.hasRestKeys()) {
            return;
        }
        try {
            ShopClient.Shop shop = connections.shop(row);
            for (WooConnection.WebhookState state : row.webhooks()) {
                if (state.id() != null && !"missing".equals(state.status())) {
                    client.deleteWebhook(shop, state.id());
                }
            }
        } catch (ShopClient.ShopException e) {
            // The shop will disable webhooks that get 404s; nothing else to do.
        }
    }

    private static WooConnection.WebhookState state(JsonNode hook, String topic) {
        return new WooConnection.WebhookState(hook.path("id").asLong(), topic, hook.path("status").asString(""));
    }

    private static Optional<JsonNode> find(List<JsonNode> hooks, String token, String topic) {
        String suffix = "/woocommerce/" + token;
        return hooks.stream()
                .filter(h -> topic.equals(h.path("topic").asString("")))
                .filter(h -> h.path("delivery_url").asString("").endsWith(suffix))
                .findFirst();
    }
}
