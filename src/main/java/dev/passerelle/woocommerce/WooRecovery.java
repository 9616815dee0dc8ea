package dev.passerelle.woocommerce;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.inbox.InboundEvent;
import dev.passerelle.inbox.Inbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What WooCommerce loses, Passerelle fetches back. For each active connection with REST keys:
 * orders modified since the last one seen go into the inbox like deliveries (same idempotency
 * key, so an order that did arrive is not stored twice, and the same handler decides), and the
 * shop's webhooks are checked: a disabled one is shown on the connection, announced to the
 * tenant once ({@code woocommerce.webhook_disabled}) and, if the tenant allowed it, switched on.
 */
@Component
class WooRecovery {

    static final String ORIGIN_HEADER = "x-passerelle-origin";
    static final String ORIGIN = "recovery";
    private static final Logger log = LoggerFactory.getLogger(WooRecovery.class);
    private static final int CONNECTIONS_PER_QUERY = 100;
    static final int PAGE_SIZE = 50;
    /** Per connection and run; a shop with more catches up on the next runs. */
    private static final int MAX_PAGES = 20;

    private final WooConnections connections;
    private final ShopClient client;
    private final ShopWebhooks webhooks;
    private final Inbox inbox;
    private final DomainEvents events;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    WooRecovery(WooConnections connections, ShopClient client, ShopWebhooks webhooks, Inbox inbox, DomainEvents events,
                TransactionTemplate tx, JsonMapper json) {
        this.connections = connections;
        this.client = client;
        this.webhooks = webhooks;
        this.inbox = inbox;
        this.events = events;
        this.tx = tx;
        this.json = json;
    }

    record Run(int connections, int orders, int failures) {
    }

    Run runAll() {
        int visited = 0;
        int orders = 0;
        int failures = 0;
        UUID after = new UUID(0, 0);
        for (List<WooConnections.Row> batch = connections.recoverable(after, CONNECTIONS_PER_QUERY); !batch.isEmpty();
             batch = connections.recoverable(after, CONNECTIONS_PER_QUERY)) {
            for (WooConnections.Row row : batch) {
                Result result = run(row);
                visited++;
                orders += result.orders();
                failures += result.error() == null ? 0 : 1;
                after = row.id();
            }
        }
        return new Run(visited, orders, failures);
    }

    record Result(int orders, String error) {
    }

    Result run(WooConnections.Row row) {
        List<String> errors = new ArrayList<>();
        int orders = 0;
        Instant cursor = row.recoveryCursor() != null ? row.recoveryCursor() : row.createdAt();
        Instant newest = null;
        try {
            ShopClient.Shop shop = connections.shop(row);
            // One second of overlap: modified_after has second resolution; repeats are deduplicated by the inbox.
            Instant since = cursor.minusSeconds(1);
            for (int page = 1; page <= MAX_PAGES; page++) {
                ShopClient.OrderPage result = client.ordersModifiedAfter(shop, since, page, PAGE_SIZE);
                for (JsonNode order : result.orders()) {
                    if (!order.path("id").canConvertToLong()) {
                        continue;
                    }
                    inbox.accept(new InboundEvent(row.tenantId(), WooReceiver.SOURCE, row.id(),
                            WooReceiver.idempotencyKey(order), "application/json",
                            Map.of(ORIGIN_HEADER, ORIGIN, "x-wc-webhook-topic", "order.updated"),
                            json.writeValueAsBytes(order)));
                    orders++;
                    Instant modified = modified(order);
                    if (modified != null && (newest == null || modified.isAfter(newest))) {
                        newest = modified;
                    }
                }
                if (!result.more()) {
                    break;
                }
            }
        } catch (ShopClient.ShopException | dev.passerelle.inbox.InboxOverloadedException e) {
            errors.add("orders: " + e.getMessage());
        }
        try {
            checkWebhooks(row).forEach(problem -> errors.add("webhooks: " + problem));
        } catch (ShopClient.ShopException e) {
            errors.add("webhooks: " + e.getMessage());
        }
        String error = errors.isEmpty() ? null : String.join("; ", errors);
        if (error != null) {
            log.warn("WooCommerce recovery for connection {}: {}", row.id(), error);
        }
        connections.recovered(row.id(), newest != null && newest.isAfter(cursor) ? newest : null, error);
        return new Result(orders, error);
    }

    /**
     * Saves what the shop says of our webhooks and announces new problems. A webhook that cannot
     * be switched back on is still shown and announced as disabled, with the reason: the tenant
     * must hear of it precisely when Passerelle cannot fix it. Returns those reasons.
     */
    private List<String> checkWebhooks(WooConnections.Row row) {
        List<WooConnection.WebhookState> seen = webhooks.check(row);
        Map<String, WooConnection.WebhookState> before = new LinkedHashMap<>();
        row.webhooks().forEach(s -> before.put(s.topic(), s));
        List<WooConnection.WebhookState> now = new ArrayList<>();
        List<ShopWebhookProblem> announcements = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (WooConnection.WebhookState state : seen) {
            WooConnection.WebhookState previous = before.get(state.topic());
            boolean problem = "disabled".equals(state.status()) || "missing".equals(state.status());
            boolean known = previous != null && state.status().equals(previous.status());
            // Why Passerelle could not put a webhook right stays until the webhook changes.
            WooConnection.WebhookState current = known && Objects.equals(state.id(), previous.id())
                    ? state.failed(previous.error()) : state;
            boolean reenabled = false;
            String reenableError = null;
            if ("disabled".equals(state.status()) && row.settings().reenableDisabledWebhooks()) {
                try {
                    current = webhooks.reenable(row, state);
                    reenabled = "active".equals(current.status());
                } catch (ShopClient.ShopException e) {
                    reenableError = e.getMessage();
                    current = state.failed("re-enabling failed: " + reenableError);
                    failures.add("re-enabling " + state.topic() + " (" + state.id() + ") failed: " + reenableError);
                }
            }
            if (problem && !known) {
                announcements.add(new ShopWebhookProblem("missing".equals(state.status()) ? ShopWebhookProblem.MISSING
                        : ShopWebhookProblem.DISABLED, row.id(), row.name(), row.shopUrl(), state.id(), state.topic(),
                        state.status(), reenabled, reenableError));
            }
            now.add(current);
        }
        tx.executeWithoutResult(status -> {
            connections.saveWebhooks(row.id(), now);
            for (ShopWebhookProblem problem : announcements) {
                events.publish(row.tenantId(), row.id(), problem);
            }
        });
        return failures;
    }

    private static Instant modified(JsonNode order) {
        String text = OrderMapper.text(order, "date_modified_gmt");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
