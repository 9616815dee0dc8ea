package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.passerelle.Api;
import tools.jackson.databind.JsonNode;

/** A tenant with a company profile, a client, a pipeline and documents, made through the public API. */
final class AutomationFixtures {

    final Api api;
    final Api.TenantKey tenant;
    final String clientId;

    AutomationFixtures(Api api, String company, String clientEmail) {
        this.api = api;
        this.tenant = api.createTenant(company);
        ok(api.put("/api/v1/settings/company", key(), Map.of("name", company, "email", "team@" + company.toLowerCase()
                .replace(' ', '-') + ".example", "paymentTermsDays", 14, "defaultLanguage", "en")), 200);
        this.clientId = client("Camille Martin", clientEmail, "fr");
    }

    String key() {
        return tenant.apiKey();
    }

    String client(String name, String email, String language) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "language", language));
        body.put("emails", email == null ? List.of() : List.of(email));
        return ok(api.post("/api/v1/clients", key(), body), 201).get("id").asString();
    }

    /** An issued document of 2 × 12.50 at 20 % VAT (30.00 EUR). */
    String document(String kind, String client) {
        JsonNode created = ok(api.post("/api/v1/documents", key(), Map.of("kind", kind, "clientId", client,
                "currency", "EUR", "lines", List.of(Map.of("description", "Bougie parfumée", "quantity", 2,
                        "unitPrice", "12.50", "taxRate", 20)))), 201);
        String id = created.get("id").asString();
        ok(api.post("/api/v1/documents/" + id + "/issue", key(), null), 200);
        return id;
    }

    JsonNode get(String path) {
        return ok(api.get(path, key()), 200);
    }

    /** Emails the document to its client; returns once the mail server accepted it (document.sent). */
    void send(String documentId) {
        ok(api.post("/api/v1/documents/" + documentId + "/send", key(), Map.of()), 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("SENT", "VIEWED", "PAID", "OVERDUE")
                .contains(get("/api/v1/documents/" + documentId).get("status").asString()));
    }

    void pay(String documentId) {
        ok(api.post("/api/v1/documents/" + documentId + "/payments", key(), Map.of()), 200);
    }

    String automation(Map<String, Object> body) {
        return ok(api.post("/api/v1/automations", key(), body), 201).get("id").asString();
    }

    JsonNode runs(String automationId) {
        return get("/api/v1/automations/" + automationId + "/runs").get("items");
    }

    /** The automation's runs once there are {@code count} in one of the statuses. */
    JsonNode awaitRuns(String automationId, int count, String... statuses) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> runs(automationId), runs -> {
            int n = 0;
            for (JsonNode r : runs) {
                if (List.of(statuses).contains(r.get("status").asString())) {
                    n++;
                }
            }
            return n >= count;
        });
    }

    JsonNode email(String id) {
        return get("/api/v1/emails/" + id);
    }

    static JsonNode ok(Api.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.body();
    }
}
