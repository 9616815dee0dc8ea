package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** Subscriptions go with the API keys that made them: "Unlink Zapier", or one key revoked by the operator. */
@PasserelleTest
class KeyRevocationsTest {

    static final String ZAPIER = "/api/v1/integrations/zapier";

    @Autowired
    Api api;

    @Test
    void unlinkingZapierDeletesTheSubscriptionsItsKeysMade() {
        Hooks hooks = new Hooks(api, "Unlinking");
        Hooks.Sub mine = hooks.subscribe("client.created", Receiver.ok());
        String zapierKey = link(hooks);
        String older = link(hooks);
        for (String key : new String[] {zapierKey, older}) {
            Api.Response r = api.post("/api/v1/subscriptions", key, Map.of("targetUrl", Receiver.ok(), "event", "document.paid"));
            assertThat(r.status()).as(r.text()).isEqualTo(201);
        }
        assertThat(api.get(ZAPIER, hooks.key()).body().get("subscriptions").asLong()).isEqualTo(2);

        assertThat(api.delete(ZAPIER, hooks.key()).status()).isEqualTo(204);

        JsonNode left = api.get("/api/v1/subscriptions", hooks.key()).body().get("items");
        assertThat(left).extracting(s -> s.get("id").asString()).containsExactly(mine.id());
        assertThat(api.get(ZAPIER, hooks.key()).body().get("subscriptions").asLong()).isZero();
        assertThat(api.get("/api/v1/subscriptions", zapierKey).status()).isEqualTo(401);
    }

    @Test
    void aKeyRevokedByTheOperatorTakesItsSubscriptionsWithIt() {
        Hooks hooks = new Hooks(api, "Revoked Key");
        Api.Response key = api.post("/api/v1/tenants/" + hooks.tenant.tenantId() + "/keys", Api.OPERATOR,
                Map.of("name", "script"));
        String keyId = key.body().get("id").asString();
        Api.Response made = api.post("/api/v1/subscriptions", key.body().get("apiKey").asString(),
                Map.of("targetUrl", Receiver.ok(), "event", "client.created"));
        assertThat(made.status()).isEqualTo(201);
        Hooks.Sub mine = hooks.subscribe("client.created", Receiver.ok());

        assertThat(api.delete("/api/v1/tenants/" + hooks.tenant.tenantId() + "/keys/" + keyId, Api.OPERATOR).status())
                .isEqualTo(200);

        assertThat(api.get("/api/v1/subscriptions", hooks.key()).body().get("items"))
                .extracting(s -> s.get("id").asString()).containsExactly(mine.id());
    }

    private String link(Hooks hooks) {
        Api.Response linked = api.post(ZAPIER, hooks.key(), null);
        assertThat(linked.status()).as(linked.text()).isEqualTo(201);
        return linked.body().get("apiKey").asString();
    }
}
