package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.mail.BounceMailbox;
import dev.passerelle.support.HmacSha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every event type one can subscribe to, each caused for real the way it happens (API calls, the
 * mail server accepting an email, the public link opened, a bounce report read from the mailbox,
 * a signed WooCommerce delivery): each arrives signed, and its live body has exactly the fields
 * of the same event's item in {@code recent} and in {@code poll} (field names, recursively), its
 * {@code data} being the subject as the subject's own endpoint shows it.
 */
@PasserelleTest
class EveryEventTypeTest {

    @Autowired
    Api api;
    @Autowired
    Documents documents;

    @Test
    void everyEventTypeArrivesSignedWithTheFieldsOfItsTriggerItems() throws Exception {
        Hooks hooks = new Hooks(api, "Every Event");
        String key = hooks.key();
        assertThat(api.put("/api/v1/settings/company", key, Map.of("name", "Every Event", "email",
                "contact@every-event.example", "paymentTermsDays", 14, "defaultLanguage", "en")).status()).isEqualTo(200);
        Map<String, Hooks.Sub> subs = new HashMap<>();
        for (EventTypes.EventType type : EventTypes.all()) {
            subs.put(type.event(), hooks.subscribe(type.event(), Receiver.ok()));
        }

        // client.created, product.created
        String buyer = "hana." + UUID.randomUUID().toString().substring(0, 8) + "@every-event.example";
        Api.Response client = api.post("/api/v1/clients", key, Map.of("name", "Hana", "emails", List.of(buyer),
                "language", "en"));
        assertThat(client.status()).as(client.text()).isEqualTo(201);
        String clientId = client.body().get("id").asString();
        Api.Response product = api.post("/api/v1/products", key, Map.of("name", "Bougie", "sku", "B-" + UUID.randomUUID(),
                "unitPrice", "12.50", "taxRate", 20));
        assertThat(product.status()).as(product.text()).isEqualTo(201);

        // document.created, .issued, .sent, .viewed, .paid
        String paid = invoice(key, clientId, Map.of());
        String emailId = api.post("/api/v1/documents/" + paid + "/send", key, null).body().get("emailId").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/emails/" + emailId, key).body()
                .get("status").asString().equals("SENT"));
        String publicUrl = api.get("/api/v1/documents/" + paid, key).body().get("publicUrl").asString();
        assertThat(api.get(publicUrl, null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/documents/" + paid + "/payments", key, null).status()).isEqualTo(200);

        // document.overdue
        String overdue = invoice(key, clientId, Map.of("issueDate", LocalDate.now(ZoneOffset.UTC).minusDays(7).toString(),
                "dueDate", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()));
        assertThat(documents.markOverdue(UUID.fromString(overdue))).isTrue();

        // document.credited
        String credited = invoice(key, clientId, Map.of());
        Api.Response refund = api.post("/api/v1/documents/" + credited + "/refunds", key, Map.of("id", "r-1", "amount", "5.00"));
        assertThat(refund.status()).as(refund.text()).isEqualTo(201);

        // email.bounced: the invoice's email comes back
        String messageId = api.get("/api/v1/emails/" + emailId, key).body().get("messageId").asString();
        BounceMailbox.deliver(BounceMailbox.dsn(messageId, buyer));

        // shop.order_received: a signed WooCommerce delivery of a new order
        Api.Response connection = api.post("/api/v1/connections/woocommerce", key, Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "invoice", "trigger", "processing")));
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);
        deliverOrder(connection.body().get("deliveryUrl").asString(), connection.body().get("secret").asString());

        for (EventTypes.EventType type : EventTypes.all()) {
            String event = type.event();
            Hooks.Sub sub = subs.get(event);
            JsonNode[] newest = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode recent = api.get("/api/v1/triggers/" + event + "/recent", key).body();
                newest[0] = recent.isEmpty() ? null : recent.get(0);
                return newest[0] != null;
            });
            JsonNode recentItem = newest[0];
            String id = recentItem.get("id").asString();
            LoggedRequest live = awaitDelivery(sub, id);
            byte[] body = live.getBody();
            assertThat(StandardWebhooksVerifier.verify(sub.secret(), id, live.getHeader("webhook-timestamp"), body,
                    live.getHeader("webhook-signature"))).as(event).isTrue();
            JsonNode delivered = api.json(new String(body, StandardCharsets.UTF_8));
            assertThat(delivered.propertyNames()).as(event).containsExactly("id", "type", "occurredAt", "data");
            assertThat(delivered.get("type").asString()).isEqualTo(event);
            assertThat(delivered.get("data").isObject()).as(event).isTrue();

            assertThat(Hooks.fieldPaths(delivered)).as(event + ": live vs recent").isEqualTo(Hooks.fieldPaths(recentItem));
            JsonNode polled = find(api.get("/api/v1/triggers/" + event + "/poll", key).body().get("items"), id)
                    .orElseThrow(() -> new AssertionError(event + ": " + id + " not polled"));
            assertThat(Hooks.fieldPaths(delivered)).as(event + ": live vs poll").isEqualTo(Hooks.fieldPaths(polled));
            assertThat(polled).isEqualTo(recentItem);

            // data is the subject as its own endpoint shows it now (nulls aside: the API leaves them out).
            Optional<JsonNode> shown = shown(key, type.subject(), recentItem.get("data"));
            shown.ifPresent(api -> assertThat(DeliveryTest.withoutNulls(recentItem.get("data"))).as(event).isEqualTo(api));
        }
    }

    private Optional<JsonNode> shown(String key, EventTypes.Subject subject, JsonNode data) {
        String id = data.path("id").asString("");
        return switch (subject) {
            case CLIENT -> Optional.of(api.get("/api/v1/clients/" + id, key).body());
            case PRODUCT -> Optional.of(api.get("/api/v1/products/" + id, key).body());
            case DOCUMENT -> Optional.of(api.get("/api/v1/documents/" + id, key).body());
            case EMAIL -> find(api.get("/api/v1/emails?status=BOUNCED", key).body().get("items"), id);
            case SHOP_ORDER -> {
                assertThat(data.get("orderId").asString()).isNotBlank();
                assertThat(data.get("status").asString()).isEqualTo("processing");
                assertThat(data.get("total").decimalValue()).isEqualByComparingTo("29.35");
                assertThat(data.get("billingEmail").asString()).isEqualTo("john.doe@example.com");
                assertThat(data.get("documentId").asString()).isNotBlank();
                yield Optional.empty();
            }
        };
    }

    private String invoice(String key, String clientId, Map<String, Object> dates) {
        Map<String, Object> body = new HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR",
                "lines", List.of(Map.of("description", "Bougie parfumée", "quantity", 2, "unitPrice", "12.50",
                        "taxRate", 20))));
        body.putAll(dates);
        Api.Response created = api.post("/api/v1/documents", key, body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        assertThat(api.post("/api/v1/documents/" + id + "/issue", key, null).status()).isEqualTo(200);
        return id;
    }

    private void deliverOrder(String url, String secret) throws Exception {
        ObjectNode order;
        try (InputStream in = getClass().getResourceAsStream("/woocommerce/order-727-processing.json")) {
            order = (ObjectNode) api.json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        long orderId = 700_000 + (long) (Math.random() * 100_000);
        order.put("id", orderId);
        order.put("number", Long.toString(orderId));
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        Api.Response r = api.postRaw(url, null, body, "application/json", Map.of(
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Resource", "order", "X-WC-Webhook-Event", "created",
                "X-WC-Webhook-ID", "14", "X-WC-Webhook-Source", "https://boutique.example/",
                "X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(HmacSha256.sign(secret, body))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static LoggedRequest awaitDelivery(Hooks.Sub sub, String webhookId) {
        LoggedRequest[] found = new LoggedRequest[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found[0] = Receiver.received(sub.url()).stream().filter(r -> webhookId.equals(r.getHeader("webhook-id")))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static Optional<JsonNode> find(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asString("").equals(id)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
