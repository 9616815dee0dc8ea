package dev.passerelle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.inbox.InboundEvent;
import dev.passerelle.inbox.Inbox;
import dev.passerelle.support.Ids;

/** Tenant B tries every tenant resource of tenant A, by id and by listing, and gets nothing. */
@PasserelleTest
class TenantIsolationTest {

    @Autowired
    Api api;
    @Autowired
    Inbox inbox;

    Api.TenantKey alice;
    Api.TenantKey bob;
    String aliceHookId;
    String aliceEventId;
    UUID aliceDeadEvent;

    @BeforeEach
    void twoTenants() {
        alice = api.createTenant("Alice's shop");
        bob = api.createTenant("Bob's shop");
        Api.Response hook = api.post("/api/v1/hooks", alice.apiKey(), Map.of("name", "alice orders"));
        aliceHookId = hook.body().get("id").asString();
        aliceEventId = api.postRaw(hook.body().get("url").asString(), null, "{\"secret\":\"alice\"}".getBytes(),
                "application/json", Map.of()).body().get("eventId").asString();
        aliceDeadEvent = inbox.accept(new InboundEvent(alice.tenantId(), TestInboxHandlers.SOURCE, Ids.newId(), null,
                "application/json", Map.of(), "{\"failAlways\":true}".getBytes(StandardCharsets.UTF_8))).eventId();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DEAD".equals(api.get("/api/v1/events/" + aliceDeadEvent,
                alice.apiKey()).body().get("event").get("status").asString()));
    }

    @Test
    void hooksOfAnotherTenantDoNotExist() {
        assertThat(api.get("/api/v1/hooks", bob.apiKey()).body()).isEmpty();
        assertThat(api.get("/api/v1/hooks/" + aliceHookId, bob.apiKey()).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/hooks/" + aliceHookId + "/rotate", bob.apiKey(), null).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/hooks/" + aliceHookId, bob.apiKey()).status()).isEqualTo(404);

        assertThat(api.get("/api/v1/hooks/" + aliceHookId, alice.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void eventsOfAnotherTenantDoNotExist() {
        assertThat(api.get("/api/v1/events", bob.apiKey()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/events?status=DEAD", bob.apiKey()).body().get("items")).isEmpty();
        Api.Response peek = api.get("/api/v1/events/" + aliceEventId, bob.apiKey());
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.text()).doesNotContain("alice");
        assertThat(api.post("/api/v1/events/" + aliceDeadEvent + "/replay", bob.apiKey(), null).status()).isEqualTo(404);

        assertThat(api.post("/api/v1/events/replay-dead", bob.apiKey(), null).body().get("replayed").asInt()).isZero();
        assertThat(api.get("/api/v1/events/" + aliceDeadEvent, alice.apiKey()).body().get("event").get("status")
                .asString()).isEqualTo("DEAD");
    }

    @Test
    void clientsProductsAndDocumentsOfAnotherTenantDoNotExist() {
        String client = api.post("/api/v1/clients", alice.apiKey(), Map.of("name", "Alice's buyer",
                "emails", java.util.List.of("buyer@alice.example"))).body().get("id").asString();
        String product = api.post("/api/v1/products", alice.apiKey(), Map.of("name", "Alice's lamp", "sku", "LAMP-1"))
                .body().get("id").asString();
        String document = api.post("/api/v1/documents", alice.apiKey(), Map.of("kind", "INVOICE", "clientId", client,
                "currency", "EUR", "lines", java.util.List.of(Map.of("description", "Lamp", "quantity", 1,
                        "unitPrice", "10.00", "taxRate", "20"))))
                .body().get("id").asString();
        String issued = api.post("/api/v1/documents/" + document + "/issue", alice.apiKey(), null).body()
                .get("publicUrl").asString();

        for (String path : new String[] {"/api/v1/clients/" + client, "/api/v1/products/" + product,
                "/api/v1/documents/" + document, "/api/v1/documents/" + document + "/history",
                "/api/v1/documents/" + document + "/pdf"}) {
            assertThat(api.get(path, bob.apiKey()).status()).as(path).isEqualTo(404);
        }
        assertThat(api.put("/api/v1/clients/" + client, bob.apiKey(), Map.of("name", "stolen")).status()).isEqualTo(404);
        assertThat(api.put("/api/v1/products/" + product, bob.apiKey(), Map.of("name", "stolen")).status()).isEqualTo(404);
        for (String action : new String[] {"issue", "payments", "cancel"}) {
            assertThat(api.post("/api/v1/documents/" + document + "/" + action, bob.apiKey(), null).status())
                    .as(action).isEqualTo(404);
        }
        Api.Response bobsDraft = api.post("/api/v1/documents", bob.apiKey(), Map.of("kind", "INVOICE", "clientId", client,
                "currency", "EUR", "lines", java.util.List.of(Map.of("description", "x", "unitPrice", "1"))));
        assertThat(bobsDraft.status()).isEqualTo(400);
        assertThat(bobsDraft.body().get("detail").asString()).contains("clientId");

        assertThat(api.get("/api/v1/clients", bob.apiKey()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/clients?email=buyer@alice.example", bob.apiKey()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/products", bob.apiKey()).body().get("items")).isEmpty();
        assertThat(api.get("/api/v1/documents", bob.apiKey()).body().get("items")).isEmpty();
        // Bob may use the same e-mail and SKU for his own records: uniqueness is per tenant.
        assertThat(api.post("/api/v1/clients", bob.apiKey(), Map.of("name", "Bob's buyer",
                "emails", java.util.List.of("buyer@alice.example"))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/products", bob.apiKey(), Map.of("name", "Bob's lamp", "sku", "LAMP-1")).status())
                .isEqualTo(201);
        assertThat(api.get("/api/v1/settings/company", bob.apiKey()).body().get("name").asString()).isEqualTo("Bob's shop");
        assertThat(api.get(issued, null).text()).doesNotContain("Bob");
        assertThat(api.get("/api/v1/settings/numbering/INVOICE", bob.apiKey()).body().get("nextNumber").asLong()).isEqualTo(1);
    }

    @Test
    void keysOfAnyTenantAreTheOperatorsAlone() {
        String aliceKeys = "/api/v1/tenants/" + alice.tenantId() + "/keys";
        assertThat(api.get(aliceKeys, bob.apiKey()).status()).isEqualTo(403);
        assertThat(api.post(aliceKeys, bob.apiKey(), Map.of("name", "mine now")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tenants/" + alice.tenantId(), bob.apiKey()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/tenants/" + alice.tenantId() + "/suspend", bob.apiKey(), null).status()).isEqualTo(403);

        String revokeAliceKeyWithBobsTenant = "/api/v1/tenants/" + bob.tenantId() + "/keys/"
                + api.get(aliceKeys, Api.OPERATOR).body().get(0).get("id").asString();
        assertThat(api.delete(revokeAliceKeyWithBobsTenant, Api.OPERATOR).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/events", alice.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void shopConnectionsOfAnotherTenantDoNotExist() {
        String path = "/api/v1/connections/woocommerce";
        Api.Response created = api.post(path, alice.apiKey(), Map.of("name", "Alice's shop",
                "shopUrl", "https://alice.example", "consumerKey", "ck_alice", "consumerSecret", "cs_alice"));
        String id = created.body().get("id").asString();
        String secret = created.body().get("secret").asString();

        assertThat(api.get(path, bob.apiKey()).body()).isEmpty();
        assertThat(api.get(path + "/" + id, bob.apiKey()).status()).isEqualTo(404);
        assertThat(api.patch(path + "/" + id, bob.apiKey(), Map.of("name", "stolen")).status()).isEqualTo(404);
        assertThat(api.put(path + "/" + id, bob.apiKey(), Map.of("name", "stolen", "shopUrl", "https://bob.example"))
                .status()).isEqualTo(404);
        for (String action : new String[] {"pause", "resume", "rotate-secret", "connect-webhooks"}) {
            Api.Response r = api.post(path + "/" + id + "/" + action, bob.apiKey(), null);
            assertThat(r.status()).as(action).isEqualTo(404);
            assertThat(r.text()).doesNotContain(secret);
        }
        assertThat(api.delete(path + "/" + id, bob.apiKey()).status()).isEqualTo(404);

        Api.Response alices = api.get(path + "/" + id, alice.apiKey());
        assertThat(alices.status()).isEqualTo(200);
        assertThat(alices.body().get("name").asString()).isEqualTo("Alice's shop");
        assertThat(alices.body().get("status").asString()).isEqualTo("ACTIVE");
    }
}
