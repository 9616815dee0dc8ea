package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** passerelle:shop-order: a route runs for each applied order, after the built-in flow made its document. */
@PasserelleTest
class ShopOrderRouteTest {

    @Autowired
    Api api;

    Path file;

    @AfterEach
    void removeRoute() throws IOException {
        Files.deleteIfExists(file);
        api.post("/api/v1/admin/routes/reload", Api.OPERATOR, null);
    }

    void writeRoute(String yaml) throws IOException {
        String dir = api.get("/api/v1/admin/routes", Api.OPERATOR).body().get("directory").asString();
        file = Path.of(dir, "shop-orders.camel.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        assertThat(api.post("/api/v1/admin/routes/reload", Api.OPERATOR, null).status()).isEqualTo(200);
    }

    @Test
    void anOrderPostedToAHookIsAppliedToTheShopLikeADeliveryOnce() throws IOException {
        writeRoute("""
                - route:
                    id: test-order-from-hook
                    from:
                      uri: passerelle:hook
                      parameters:
                        hook: "${install.hook}"
                      steps:
                        - to:
                            uri: passerelle:apply-shop-order
                            parameters:
                              shop: "${install.shop}"
                """);
        Api.TenantKey tenant = api.createTenant("Boutique relayée");
        assertThat(api.post("/api/v1/connections/woocommerce", tenant.apiKey(), Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "invoice",
                        "trigger", "created"))).status()).isEqualTo(201);
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Relay")).body().get("url").asString();
        String installation = api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route",
                "test-order-from-hook", "parameters", Map.of("hook", "Relay", "shop", "Boutique"))).body()
                .get("id").asString();
        byte[] order = Shop.fixture("order-727-processing.json").getBytes(java.nio.charset.StandardCharsets.UTF_8);

        api.postRaw(hook, null, order, "application/json", Map.of());
        api.postRaw(hook, null, order, "application/json", Map.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/route-installations/" + installation
                + "/runs", tenant.apiKey()).body().get("items").valueStream()
                .filter(r -> r.get("status").asString().equals("DONE")).count() == 2);
        JsonNode documents = api.get("/api/v1/documents?externalRef=727", tenant.apiKey()).body().get("items");
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).get("kind").asString()).isEqualTo("INVOICE");
    }

    @Test
    void aProcessingOrderRunsTheInstalledRouteOnceWithItsDocument() throws IOException {
        writeRoute("""
                - route:
                    id: test-shop-order-note
                    from:
                      uri: passerelle:shop-order
                      parameters:
                        status: processing
                        shop: "${install.shop}"
                      steps:
                        - to:
                            uri: passerelle:notify-team
                            parameters:
                              to: team@atelier.example
                              subject: "Order ${event.number} from ${event.billing.first_name}"
                              body: "Document ${event.documentId}, total ${event.total} ${event.currency}"
                """);
        Api.TenantKey tenant = api.createTenant("Boutique à routes");
        Api.Response c = api.post("/api/v1/connections/woocommerce", tenant.apiKey(), Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "order_confirmation",
                        "trigger", "created")));
        assertThat(api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route", "test-shop-order-note",
                "parameters", Map.of("shop", "Boutique"))).status()).isEqualTo(201);
        ObjectNode order = Shop.order("order-727-processing.json");
        String url = c.body().get("deliveryUrl").asString();
        String secret = c.body().get("secret").asString();

        assertThat(Shop.deliver(api, url, secret, "order.created", order).status()).isEqualTo(200);
        assertThat(Shop.deliver(api, url, secret, "order.created", order).status()).isEqualTo(200);

        JsonNode email = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/emails?limit=10",
                tenant.apiKey()).body().get("items"), items -> items.size() > 0).get(0);
        String documentId = api.get("/api/v1/documents?externalRef=727", tenant.apiKey()).body().get("items").get(0)
                .get("id").asString();
        JsonNode detail = api.get("/api/v1/emails/" + email.get("id").asString(), tenant.apiKey()).body();
        assertThat(detail.get("subject").asString()).contains("Order 727 from");
        assertThat(detail.toString()).contains("Document " + documentId);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                api.get("/api/v1/emails?limit=10", tenant.apiKey()).body().get("items").size() == 1);
    }
}
