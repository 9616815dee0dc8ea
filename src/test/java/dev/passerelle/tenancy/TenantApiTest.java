package dev.passerelle.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class TenantApiTest {

    @Autowired
    Api api;

    @Test
    void operatorCreatesTenantWhoseFirstKeyWorksOnce() {
        Api.Response created = api.post("/api/v1/tenants", Api.OPERATOR, Map.of("name", "Boulangerie Dupré"));

        assertThat(created.status()).isEqualTo(201);
        String key = created.body().get("apiKey").asString();
        assertThat(key).startsWith("psk_").hasSizeGreaterThan(40);
        assertThat(created.body().get("name").asString()).isEqualTo("Boulangerie Dupré");
        assertThat(created.body().get("status").asString()).isEqualTo("ACTIVE");

        String id = created.body().get("id").asString();
        Api.Response shown = api.get("/api/v1/tenants/" + id, Api.OPERATOR);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.text()).doesNotContain(key);
        assertThat(api.get("/api/v1/hooks", key).status()).isEqualTo(200);
    }

    @Test
    void listsTenantsPageByPage() {
        for (int i = 0; i < 3; i++) {
            api.createTenant("paged " + i);
        }
        Api.Response first = api.get("/api/v1/tenants?limit=2", Api.OPERATOR);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("items")).hasSize(2);
        String cursor = first.body().get("nextCursor").asString();

        Api.Response second = api.get("/api/v1/tenants?limit=2&cursor=" + cursor, Api.OPERATOR);
        assertThat(second.body().get("items").get(0).get("id").asString())
                .isGreaterThan(first.body().get("items").get(1).get("id").asString());
    }

    @Test
    void operatorEndpointsNeedTheOperatorToken() {
        Api.TenantKey tenant = api.createTenant("nosy");

        Api.Response anonymous = api.get("/api/v1/tenants", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.body().get("detail").asString()).contains("Authorization");

        assertThat(api.get("/api/v1/tenants", tenant.apiKey()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tenants", "psk_forged").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/admin/secrets", tenant.apiKey()).status()).isEqualTo(403);
        // The operator is not a tenant: tenant resources need a tenant key.
        assertThat(api.get("/api/v1/hooks", Api.OPERATOR).status()).isEqualTo(403);
    }

    @Test
    void keysAreCreatedListedWithLastUseAndRevoked() {
        Api.TenantKey tenant = api.createTenant("keyring");
        String base = "/api/v1/tenants/" + tenant.tenantId() + "/keys";

        Api.Response second = api.post(base, Api.OPERATOR, Map.of("name", "zapier"));
        assertThat(second.status()).isEqualTo(201);
        String secondKey = second.body().get("apiKey").asString();
        assertThat(api.get("/api/v1/events", secondKey).status()).isEqualTo(200);

        JsonNode keys = api.get(base, Api.OPERATOR).body();
        assertThat(keys).hasSize(2);
        JsonNode zapier = find(keys, "zapier");
        assertThat(zapier.get("lastUsedAt").isNull()).isFalse();
        assertThat(keys.toString()).doesNotContain(secondKey).doesNotContain(tenant.apiKey());

        Api.Response revoked = api.delete(base + "/" + zapier.get("id").asString(), Api.OPERATOR);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revokedAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/events", secondKey).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/events", tenant.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void suspendedTenantIsLockedOutUntilReactivated() {
        Api.TenantKey tenant = api.createTenant("late payer");
        Api.Response hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "orders"));
        String hookUrl = hook.body().get("url").asString();

        Api.Response suspended = api.post("/api/v1/tenants/" + tenant.tenantId() + "/suspend", Api.OPERATOR, null);
        assertThat(suspended.body().get("status").asString()).isEqualTo("SUSPENDED");

        Api.Response refused = api.get("/api/v1/hooks", tenant.apiKey());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("suspended");
        assertThat(api.postRaw(hookUrl, null, "{}".getBytes(), "application/json", Map.of()).status()).isEqualTo(403);

        api.post("/api/v1/tenants/" + tenant.tenantId() + "/reactivate", Api.OPERATOR, null);
        assertThat(api.get("/api/v1/hooks", tenant.apiKey()).status()).isEqualTo(200);
        assertThat(api.postRaw(hookUrl, null, "{}".getBytes(), "application/json", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void invalidRequestsSayWhatIsWrong() {
        Api.Response blank = api.post("/api/v1/tenants", Api.OPERATOR, Map.of("name", " "));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.contentType()).startsWith("application/problem+json");
        assertThat(blank.body().get("errors").get(0).get("field").asString()).isEqualTo("name");

        Api.Response malformed = api.postRaw("/api/v1/tenants", Api.OPERATOR, "{".getBytes(), "application/json", Map.of());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        Api.Response badId = api.get("/api/v1/tenants/not-a-uuid", Api.OPERATOR);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.body().get("detail").asString()).contains("id");

        assertThat(api.get("/api/v1/tenants/" + java.util.UUID.randomUUID(), Api.OPERATOR).status()).isEqualTo(404);
    }

    private static JsonNode find(JsonNode keys, String name) {
        for (JsonNode key : keys) {
            if (key.get("name").asString().equals(name)) {
                return key;
            }
        }
        throw new AssertionError("no key named " + name);
    }
}
