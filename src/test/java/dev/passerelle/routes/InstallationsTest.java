package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** Installing the built-in hook routes, as a tenant wiring a zap would. */
@PasserelleTest
class InstallationsTest {

    static final String PATH = "/api/v1/route-installations";

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    Api.TenantKey tenant;
    String hookUrl;

    @BeforeEach
    void tenantWithHook() {
        tenant = api.createTenant("Zap wiring " + UUID.randomUUID());
        hookUrl = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "New leads")).body().get("url").asString();
    }

    @Test
    void aHookWithAFieldMappingCreatesThenUpdatesTheClient() {
        JsonNode installation = install("hook-upsert-client", Map.of("hook", "New leads", "mapping",
                Map.of("email", "${event.contact.mail}", "name", "${event.contact.first} ${event.contact.last}",
                        "externalId", "${event.contact.id}"))).body();
        assertThat(installation.get("status").asString()).isEqualTo("ACTIVE");

        post("{\"contact\": {\"id\": \"L-1\", \"mail\": \"zoe@example.com\", \"first\": \"Zoë\", \"last\": \"Müller\"}}");
        awaitRuns(installation, 1);
        post("{\"contact\": {\"id\": \"L-1\", \"mail\": \"zoe@example.com\", \"first\": \"Zoë\", \"last\": \"Martin\"}}");
        awaitRuns(installation, 2);

        JsonNode clients = api.get("/api/v1/clients", tenant.apiKey()).body().get("items");
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).get("name").asString()).isEqualTo("Zoë Martin");
    }

    @Test
    void withoutAMappingTheEventsOwnFieldsAreUsed() {
        JsonNode installation = install("hook-upsert-client", Map.of("hook", "New leads")).body();

        post("{\"email\": \"zoe@example.com\", \"name\": \"Zoë Müller\"}");

        awaitRuns(installation, 1);
        JsonNode client = api.get("/api/v1/clients", tenant.apiKey()).body().get("items").get(0);
        assertThat(client.get("name").asString()).isEqualTo("Zoë Müller");
    }

    @Test
    void aHookCreatesAnIssuedInvoiceOncePerExternalId() {
        JsonNode installation = install("hook-create-invoice", Map.of("hook", "New leads")).body();
        String order = """
                {"externalId": "A-17", "currency": "EUR",
                 "client": {"email": "jurgen@example.de", "name": "Jürgen Groß"},
                 "items": [{"description": "Lampe", "quantity": 2, "unitPrice": 10.00, "taxRate": 21},
                           {"description": "Ampoule", "quantity": 1, "unitPrice": 3.30, "taxRate": 6}]}""";

        post(order);
        post(order); // a second delivery of the same order, as a zap retry would make

        awaitRuns(installation, 2);
        JsonNode invoices = api.get("/api/v1/documents?kind=INVOICE", tenant.apiKey()).body().get("items");
        assertThat(invoices).hasSize(1);
        JsonNode invoice = invoices.get(0);
        assertThat(invoice.get("status").asString()).isEqualTo("ISSUED");
        assertThat(invoice.get("number").asString()).startsWith("INV-");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("27.70");
    }

    @Test
    void anInvoiceTheDomainRefusesEndsTheRunAtOnceWithTheReason() {
        JsonNode installation = install("hook-create-invoice", Map.of("hook", "New leads")).body();

        post("""
                {"externalId": "A-18", "currency": "EUR",
                 "client": {"email": "jurgen@example.de", "name": "Jürgen Groß"},
                 "items": [{"description": "Lampe", "quantity": -2, "unitPrice": 10.00, "taxRate": 21}]}""");

        await().atMost(Duration.ofSeconds(20)).until(() -> runs(installation).stream()
                .anyMatch(r -> r.get("status").asString().equals("DEAD")));
        JsonNode run = runs(installation).get(0);
        assertThat(run.get("attempts").asInt()).isEqualTo(1);
        assertThat(run.get("error").asString()).contains("quantity: must not be negative").doesNotContain("InvalidInput");
        assertThat(api.get("/api/v1/documents?kind=INVOICE", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void badParametersAreRefusedWithEveryReasonAndNothingIsStored() {
        Api.Response response = install("hook-upsert-client", Map.of("hook", "Old leads", "colour", "blue",
                "mapping", Map.of("email", 42)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String detail = response.body().get("detail").asString();
        assertThat(detail).contains("parameters.colour: unknown; route 'hook-upsert-client' takes hook, mapping");
        assertThat(detail).contains("you have no hook named 'Old leads'; yours are: New leads");
        assertThat(detail).contains("parameters.mapping (Field mapping, used by upsert-client.fields).email: expected a "
                + "text template");
        assertThat(api.get(PATH, tenant.apiKey()).body()).isEmpty();

        assertThat(install("hook-upsert-client", Map.of()).body().get("detail").asString())
                .contains("parameters.hook (Hook name, used by hook.hook): required");
        assertThat(install("no-such-route", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aPausedInstallationStartsNoRunAndAnotherTenantCannotTouchIt() {
        JsonNode installation = install("hook-upsert-client", Map.of("hook", "New leads")).body();
        String id = installation.get("id").asString();
        Api.TenantKey other = api.createTenant("Someone else");

        assertThat(api.get(PATH + "/" + id, other.apiKey()).status()).isEqualTo(404);
        assertThat(api.post(PATH + "/" + id + "/pause", other.apiKey(), null).status()).isEqualTo(404);
        assertThat(api.delete(PATH + "/" + id, other.apiKey()).status()).isEqualTo(404);
        assertThat(api.get(PATH + "/" + id + "/runs", other.apiKey()).status()).isEqualTo(404);

        assertThat(api.post(PATH + "/" + id + "/pause", tenant.apiKey(), null).body().get("status").asString())
                .isEqualTo("PAUSED");
        post("{\"email\": \"paused@example.com\", \"name\": \"Paused\"}");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> runs(installation).isEmpty());
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).isEmpty();

        api.post(PATH + "/" + id + "/resume", tenant.apiKey(), null);
        post("{\"email\": \"resumed@example.com\", \"name\": \"Resumed\"}");
        awaitRuns(installation, 1);
        assertThat(api.delete(PATH + "/" + id, tenant.apiKey()).status()).isEqualTo(204);
        assertThat(api.get(PATH, tenant.apiKey()).body()).isEmpty();
    }

    private Api.Response install(String route, Map<String, Object> parameters) {
        return api.post(PATH, tenant.apiKey(), Map.of("route", route, "parameters", parameters));
    }

    private void post(String body) {
        Api.Response r = api.postRaw(hookUrl, null, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(r.status()).isEqualTo(200);
    }

    private List<JsonNode> runs(JsonNode installation) {
        JsonNode items = api.get(PATH + "/" + installation.get("id").asString() + "/runs", tenant.apiKey()).body()
                .get("items");
        return items.valueStream().toList();
    }

    private void awaitRuns(JsonNode installation, int done) {
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(installation).stream()
                .filter(r -> r.get("status").asString().equals("DONE")).count() == done);
    }
}
