package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code shop.order_received}: once per order, the first time a delivery of it is applied, with a small payload. */
@PasserelleTest
class ShopOrderReceivedTest {

    @Autowired
    Api api;
    @Autowired
    ShopOrders orders;

    @Test
    void anOrderIsReceivedOnceWhateverItsLaterDeliveries() {
        Api.TenantKey tenant = api.createTenant("Once Shop");
        Api.Response r = api.post("/api/v1/connections/woocommerce", tenant.apiKey(), Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "invoice", "trigger", "completed")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        String url = r.body().get("deliveryUrl").asString();
        String secret = r.body().get("secret").asString();
        ObjectNode order = Shop.order("order-727-processing.json");

        deliver(tenant, url, secret, "order.created", order);
        deliver(tenant, url, secret, "order.updated", WooOrderProcessingTest.at(order, "completed", "2017-03-23T10:00:00"));

        JsonNode events = api.get("/api/v1/domain-events?type=shop.order_received", tenant.apiKey()).body().get("items");
        assertThat(events).hasSize(1);
        JsonNode payload = events.get(0).get("payload");
        String connectionId = r.body().get("id").asString();
        assertThat(payload.get("connectionId").asString()).isEqualTo(connectionId);
        assertThat(payload.get("shop").asString()).isEqualTo("Boutique");
        assertThat(payload.get("orderId").asString()).isEqualTo("727");
        assertThat(payload.get("number").asString()).isEqualTo("727");
        assertThat(payload.get("status").asString()).isEqualTo("processing");
        assertThat(events.get(0).get("subjectId").asString())
                .isEqualTo(WooOrderHandler.orderSubject(UUID.fromString(connectionId), "727").toString());

        // As stored: what the last applied delivery said, and when the order was first seen.
        ShopOrders.StoredOrder stored = orders.find(tenant.tenantId(), UUID.fromString(connectionId), "727").orElseThrow();
        assertThat(stored.status()).isEqualTo("completed");
        assertThat(stored.number()).isEqualTo("727");
        assertThat(stored.currency()).isEqualTo("USD");
        assertThat(stored.total()).isEqualByComparingTo("29.35");
        assertThat(stored.billingEmail()).isEqualTo("john.doe@example.com");
        assertThat(stored.documentId()).isNotNull();
        assertThat(stored.receivedAt()).isBefore(stored.updatedAt());
        assertThat(stored.shop()).isEqualTo("Boutique");
        assertThat(orders.find(UUID.randomUUID(), UUID.fromString(connectionId), "727")).isEmpty();
    }

    private void deliver(Api.TenantKey tenant, String url, String secret, String topic, ObjectNode order) {
        Api.Response r = Shop.deliver(api, url, secret, topic, order);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String eventId = r.body().get("eventId").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> "PROCESSED".equals(
                api.get("/api/v1/events/" + eventId, tenant.apiKey()).body().get("event").get("status").asString()));
    }
}
