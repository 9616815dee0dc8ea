package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class ClientProductApiTest {

    @Autowired
    Api api;

    String key;

    @BeforeEach
    void tenant() {
        key = api.createTenant("clients and products").apiKey();
    }

    @Test
    void aReturningBuyerIsRecognisedByEmailOrExternalReference() {
        Map<String, Object> first = Map.of("name", "Jean Dupont", "emails", List.of("Jean@Example.fr"),
                "externalRef", Map.of("source", "zapier", "id", "crm-1"));
        JsonNode created = api.post("/api/v1/clients/upsert", key, first).body();

        JsonNode byEmail = api.post("/api/v1/clients/upsert", key, Map.of("name", "Jean Dupont",
                "emails", List.of("jean@example.fr", "jean.dupont@work.fr"), "phone", "+33 1 23 45 67 89")).body();
        JsonNode byRef = api.post("/api/v1/clients/upsert", key, Map.of("name", "J. Dupont",
                "externalRef", Map.of("source", "zapier", "id", "crm-1"))).body();

        assertThat(byEmail.get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(byRef.get("id").asString()).isEqualTo(created.get("id").asString());
        assertThat(byRef.get("emails")).hasSize(2);
        assertThat(byRef.get("phone").asString()).isEqualTo("+33 1 23 45 67 89");
        assertThat(api.get("/api/v1/clients", key).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/clients?email=JEAN.DUPONT@work.fr", key).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/clients?q=dupont", key).body().get("items")).hasSize(1);
    }

    @Test
    void creatingASecondClientWithTheSameEmailIsAConflict() {
        api.post("/api/v1/clients", key, Map.of("name", "A", "emails", List.of("a@example.com")));

        Api.Response again = api.post("/api/v1/clients", key, Map.of("name", "B", "emails", List.of("A@example.com")));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body().get("detail").asString()).containsIgnoringCase("a@example.com").contains("upsert");
    }

    @Test
    void invalidClientsSayWhatIsWrong() {
        assertThat(detail(api.post("/api/v1/clients", key, Map.of("name", "")))).contains("name");
        assertThat(detail(api.post("/api/v1/clients", key, Map.of("name", "X", "emails", List.of("not-an-email")))))
                .contains("not-an-email");
        assertThat(detail(api.post("/api/v1/clients", key, Map.of("name", "X",
                "emails", List.of("a@x.io", "b@x.io", "c@x.io", "d@x.io"))))).contains("at most 3");
        assertThat(detail(api.post("/api/v1/clients", key, Map.of("name", "X", "language", "pt")))).contains("language");
        assertThat(detail(api.post("/api/v1/clients", key, Map.of("name", "X", "emails", "a@x.io"))))
                .contains("emails");
    }

    @Test
    void productsAreMatchedBySkuAndExternalReference() {
        JsonNode lamp = api.post("/api/v1/products", key, Map.of("name", "Lampe", "sku", "LMP-1", "unitPrice", "49.90",
                "currency", "EUR", "taxRate", "20")).body();
        assertThat(lamp.get("unitPrice").decimalValue()).isEqualByComparingTo("49.90");

        JsonNode bySku = api.post("/api/v1/products/upsert", key, Map.of("name", "Lampe laiton", "sku", "LMP-1",
                "externalRef", Map.of("source", "woocommerce", "id", "93"))).body();
        JsonNode byRef = api.post("/api/v1/products/upsert", key, Map.of("name", "Lampe laiton",
                "externalRef", Map.of("source", "woocommerce", "id", "93"), "unitPrice", "44.90")).body();

        assertThat(bySku.get("id").asString()).isEqualTo(lamp.get("id").asString());
        assertThat(byRef.get("id").asString()).isEqualTo(lamp.get("id").asString());
        assertThat(byRef.get("unitPrice").decimalValue()).isEqualByComparingTo("44.90");
        assertThat(api.post("/api/v1/products", key, Map.of("name", "Other", "sku", "LMP-1")).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/products", key, Map.of("name", "Bad", "taxRate", "120")).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/products?q=laiton", key).body().get("items")).hasSize(1);
    }

    private static String detail(Api.Response response) {
        assertThat(response.status()).isEqualTo(400);
        return response.body().get("detail").asString();
    }
}
