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
}
