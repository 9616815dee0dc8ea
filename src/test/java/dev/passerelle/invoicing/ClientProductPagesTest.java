package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/** The console's clients and products over real HTTP: created and edited through the forms, read back through the API. */
@PasserelleTest
class ClientProductPagesTest {

    @Autowired
    Api api;

    @Test
    void aClientIsCreatedEditedAndListedWithItsDocumentsAndTheServicesChecksShowOnTheForm() {
        Api.TenantKey tenant = api.createTenant("Clients Console");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        assertThat(owner.get("/console/clients").body()).contains("No client found.");

        ConsoleClient.Page created = owner.submit(owner.get("/console/clients/new"), "/console/clients", List.of(
                Map.entry("name", "Hélène Faure"), Map.entry("company", "Faure SARL"),
                Map.entry("emails", "helene@faure.example"), Map.entry("emails", "compta@faure.example"),
                Map.entry("emails", ""), Map.entry("phone", "+33 1 23 45 67 89"), Map.entry("line1", "3 rue des Lilas"),
                Map.entry("line2", ""), Map.entry("postcode", "75011"), Map.entry("city", "Paris"),
                Map.entry("country", "fr"), Map.entry("vatNumber", "FR12345678901"), Map.entry("language", "fr")));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String id = created.location().replaceAll(".*/console/clients/([0-9a-f-]{36}).*", "$1");
        JsonNode client = api.get("/api/v1/clients/" + id, tenant.apiKey()).body();
        assertThat(client.get("emails")).extracting(JsonNode::asString)
                .containsExactly("helene@faure.example", "compta@faure.example");
        assertThat(client.get("billingAddress").get("country").asString()).isEqualTo("FR");
        assertThat(client.get("language").asString()).isEqualTo("fr");

        ConsoleClient.Page page = owner.get("/console/clients/" + id + "?done=created");
        assertThat(page.body()).contains("Created.", "value=\"3 rue des Lilas\"", "value=\"FR12345678901\"",
                "No document matches.");
        api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "INVOICE", "clientId", id, "currency", "EUR",
                "lines", List.of(Map.of("description", "Vase", "quantity", 1, "unitPrice", "40"))));
        assertThat(owner.get("/console/clients/" + id).body()).contains("draft · Invoice",
                "/console/documents?clientId=" + id);

        // Edited: the name changes, an address goes; the service's refusal (a bad address) shows on the form.
        ConsoleClient.Page refused = owner.submit(page, "/console/clients/" + id, List.of(Map.entry("name", "Hélène F."),
                Map.entry("emails", "not-an-address")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "is not an e-mail address", "value=\"Hélène F.\"");
        ConsoleClient.Page saved = owner.submit(page, "/console/clients/" + id, List.of(Map.entry("name", "Hélène F."),
                Map.entry("emails", "helene@faure.example"), Map.entry("city", "Lyon")));
        assertThat(saved.status()).isEqualTo(302);
        client = api.get("/api/v1/clients/" + id, tenant.apiKey()).body();
        assertThat(client.get("name").asString()).isEqualTo("Hélène F.");
        assertThat(client.get("emails")).hasSize(1);
        assertThat(client.get("billingAddress").get("city").asString()).isEqualTo("Lyon");

        assertThat(owner.get("/console/clients?q=faure").body()).contains("Hélène F.");
        assertThat(owner.get("/console/clients?q=nobody").body()).doesNotContain("Hélène F.");
        // A second client with an address the first has: refused as the API refuses it.
        ConsoleClient.Page taken = owner.submit(owner.get("/console/clients/new"), "/console/clients", List.of(
                Map.entry("name", "Copy"), Map.entry("emails", "helene@faure.example")));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("already exists");
    }

    @Test
    void aProductIsCreatedAndEditedAndAnotherTenantsClientsAndProductsAreNotFound() {
        Api.TenantKey a = api.createTenant("Produits A");
        Api.TenantKey b = api.createTenant("Produits B");
        ConsoleClient ownerA = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, a, "OWNER"));
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        ConsoleClient.Page created = ownerA.submit("/console/products/new", "/console/products", Map.of("name",
                "Bougie", "sku", "BG-1", "unitPrice", "12,50", "currency", "eur", "taxRate", "20"));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String id = created.location().replaceAll(".*/console/products/([0-9a-f-]{36}).*", "$1");
        JsonNode product = api.get("/api/v1/products/" + id, a.apiKey()).body();
        assertThat(product.get("unitPrice").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(product.get("currency").asString()).isEqualTo("EUR");
        assertThat(ownerA.get("/console/products").body()).contains("Bougie", "BG-1", "12.50 EUR");

        ConsoleClient.Page refused = ownerA.submit("/console/products/" + id, "/console/products/" + id,
                Map.of("name", "Bougie", "taxRate", "120"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("taxRate: a percentage between 0 and 100");
        assertThat(ownerA.submit("/console/products/" + id, "/console/products/" + id,
                Map.of("name", "Grande bougie", "sku", "BG-2", "unitPrice", "15", "currency", "EUR", "taxRate", "5.5"))
                .status()).isEqualTo(302);
        assertThat(api.get("/api/v1/products/" + id, a.apiKey()).body().get("name").asString()).isEqualTo("Grande bougie");

        String clientOfA = api.post("/api/v1/clients", a.apiKey(), Map.of("name", "Secret client",
                "emails", List.of("secret@a.example"))).body().get("id").asString();
        assertThat(ownerB.get("/console/products").body()).doesNotContain("Grande bougie");
        assertThat(ownerB.get("/console/clients").body()).doesNotContain("Secret client");
        assertThat(ownerB.get("/console/products/" + id).status()).isEqualTo(404);
        assertThat(ownerB.get("/console/clients/" + clientOfA).status()).isEqualTo(404);
        assertThat(ownerB.submit("/console/products", "/console/products/" + id, Map.of("name", "Stolen")).status())
                .isEqualTo(404);
        assertThat(ownerB.submit("/console/clients", "/console/clients/" + clientOfA, Map.of("name", "Stolen")).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/products/" + id, a.apiKey()).body().get("name").asString()).isEqualTo("Grande bougie");
        assertThat(api.get("/api/v1/clients/" + clientOfA, a.apiKey()).body().get("name").asString())
                .isEqualTo("Secret client");
        assertThat(ownerA.post("/console/products", Map.of("name", "No token")).status()).isEqualTo(403);
    }
}
