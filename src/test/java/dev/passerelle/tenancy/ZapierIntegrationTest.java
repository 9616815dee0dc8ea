package dev.passerelle.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** Connecting Zapier with an API key: who am I, link, status, unlink. */
@PasserelleTest
class ZapierIntegrationTest {

    @Autowired
    Api api;
    @Autowired
    ZapierGrants grants;
    @Autowired
    ConfigurableApplicationContext context;

    record Seen(ApiKeysRevoked event, boolean inTransaction) {
    }

    @Test
    void meNamesTheTenantOfTheKey() {
        Api.TenantKey tenant = api.createTenant("Fromagerie Zéphyr");

        Api.Response me = api.get("/api/v1/me", tenant.apiKey());

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("tenantId").asString()).isEqualTo(tenant.tenantId().toString());
        assertThat(me.body().get("name").asString()).isEqualTo("Fromagerie Zéphyr");
        assertThat(me.body().size()).isEqualTo(2);
        assertThat(api.get("/api/v1/me", "psk_nope").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", Api.OPERATOR).status()).isEqualTo(403);
    }

    @Test
    void linkingMakesAZapierKeyAndUnlinkingRevokesEveryOneInTheRevokingTransaction() {
        Api.TenantKey tenant = api.createTenant("Zap shop");
        Api.TenantKey other = api.createTenant("Other shop");
        assertThat(api.get("/api/v1/integrations/zapier", tenant.apiKey()).body().get("linked").asBoolean()).isFalse();

        Api.Response first = api.post("/api/v1/integrations/zapier", tenant.apiKey(), null);
        Api.Response second = api.post("/api/v1/integrations/zapier", tenant.apiKey(), null);
        Api.Response otherLink = api.post("/api/v1/integrations/zapier", other.apiKey(), null);

        assertThat(first.status()).isEqualTo(201);
        JsonNode created = first.body();
        assertThat(created.propertyNames()).containsExactlyInAnyOrder("keyId", "apiKey", "name", "createdAt");
        assertThat(created.get("name").asString()).isEqualTo("Zapier");
        String zapierKey = created.get("apiKey").asString();
        String secondKey = second.body().get("apiKey").asString();
        assertThat(zapierKey).startsWith("psk_").isNotEqualTo(secondKey);
        assertThat(api.get("/api/v1/me", zapierKey).body().get("name").asString()).isEqualTo("Zap shop");
        assertThat(api.get("/api/v1/me", secondKey).status()).as("earlier keys stay valid").isEqualTo(200);

        JsonNode status = api.get("/api/v1/integrations/zapier", tenant.apiKey()).body();
        assertThat(status.get("linked").asBoolean()).isTrue();
        assertThat(status.get("keys")).hasSize(2);
        assertThat(status.get("keys").get(0).get("keyId").asString()).isEqualTo(created.get("keyId").asString());
        assertThat(status.get("keys").get(0).get("prefix").asString()).isEqualTo(zapierKey.substring(0, 10));
        assertThat(status.toString()).doesNotContain(zapierKey);
        assertThat(status.get("subscriptions").asLong()).isZero();

        List<Seen> seen = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = e -> {
            if (e instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof ApiKeysRevoked revoked) {
                seen.add(new Seen(revoked, TransactionSynchronizationManager.isActualTransactionActive()));
            }
        };
        context.addApplicationListener(listener);
        try {
            Api.Response unlinked = api.delete("/api/v1/integrations/zapier", zapierKey);
            assertThat(unlinked.status()).isEqualTo(204);
        } finally {
            context.removeApplicationListener(listener);
        }

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).event().tenantId()).isEqualTo(tenant.tenantId());
        // Every Zapier key, and the id standing for Zapier's OAuth2 grants (what their tokens made goes too).
        assertThat(seen.get(0).event().keyIds()).extracting(Object::toString).containsExactlyInAnyOrder(
                created.get("keyId").asString(), second.body().get("keyId").asString(),
                grants.credentialId(tenant.tenantId()).toString());
        assertThat(seen.get(0).event().reason()).isEqualTo(ApiKeysRevoked.UNLINK_ZAPIER);
        assertThat(seen.get(0).inTransaction()).as("published inside the revoking transaction").isTrue();

        for (String revoked : List.of(zapierKey, secondKey)) {
            Api.Response refused = api.get("/api/v1/me", revoked);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("detail").asString()).startsWith("this API key was revoked at ");
        }
        assertThat(api.get("/api/v1/me", tenant.apiKey()).status()).as("the tenant's own key stays").isEqualTo(200);
        assertThat(api.get("/api/v1/me", otherLink.body().get("apiKey").asString()).status())
                .as("another tenant's Zapier key stays").isEqualTo(200);
        JsonNode after = api.get("/api/v1/integrations/zapier", tenant.apiKey()).body();
        assertThat(after.get("linked").asBoolean()).isFalse();
        assertThat(after.get("keys")).isEmpty();
        assertThat(api.delete("/api/v1/integrations/zapier", tenant.apiKey()).status()).isEqualTo(204);
    }

    @Test
    void revokingOneKeyAsTheOperatorPublishesTheEventToo() {
        Api.TenantKey tenant = api.createTenant("Single key");
        String base = "/api/v1/tenants/" + tenant.tenantId() + "/keys";
        String keyId = api.post(base, Api.OPERATOR, Map.of("name", "script")).body().get("id").asString();
        List<ApiKeysRevoked> seen = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = e -> {
            if (e instanceof PayloadApplicationEvent<?> p && p.getPayload() instanceof ApiKeysRevoked revoked) {
                seen.add(revoked);
            }
        };
        context.addApplicationListener(listener);
        try {
            api.delete(base + "/" + keyId, Api.OPERATOR);
            api.delete(base + "/" + keyId, Api.OPERATOR);
        } finally {
            context.removeApplicationListener(listener);
        }
        assertThat(seen).extracting(ApiKeysRevoked::keyIds).containsExactly(List.of(java.util.UUID.fromString(keyId)));
        assertThat(seen.get(0).reason()).isEqualTo(ApiKeysRevoked.REVOKED);
    }
}
