package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** The subscriptions API as Zapier and any API client use it: the contract's shapes, its refusals, its isolation. */
@PasserelleTest
class SubscriptionApiTest {

    static final String PATH = "/api/v1/subscriptions";

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Subscriptions subscriptions;
    @Autowired
    WebhooksProperties settings;

    @Test
    void subscribingAnswersTheContractShapeAndShowsTheSecretOnce() {
        Api.TenantKey tenant = api.createTenant("Hooks & Co");
        String target = Receiver.ok();
        Api.Response created = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", target, "event", "document.paid"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.body();
        assertThat(body.get("id").asString()).isNotBlank();
        assertThat(body.get("event").asString()).isEqualTo("document.paid");
        assertThat(body.get("targetUrl").asString()).isEqualTo(target);
        assertThat(body.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(body.get("createdAt").asString()).isNotBlank();
        String secret = body.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

        String id = body.get("id").asString();
        JsonNode read = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(read.has("secret")).isFalse();
        assertThat(read.get("event").asString()).isEqualTo("document.paid");
        JsonNode list = api.get(PATH, tenant.apiKey()).body().get("items");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).has("secret")).isFalse();
        assertThat(list.get(0).get("id").asString()).isEqualTo(id);

        // Kept in the secret store, encrypted; the subscription row only points at it.
        String stored = jdbc.sql("""
                SELECT s.purpose FROM webhook_subscription w JOIN secret s ON s.id = w.secret_id WHERE w.id = ?""")
                .param(UUID.fromString(id)).query(String.class).single();
        assertThat(stored).isEqualTo(Subscriptions.SECRET_PURPOSE);
        byte[] ciphertext = jdbc.sql("SELECT s.ciphertext FROM webhook_subscription w JOIN secret s ON s.id = w.secret_id "
                + "WHERE w.id = ?").param(UUID.fromString(id)).query(byte[].class).single();
        assertThat(new String(ciphertext, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));
    }

    @Test
    void anUnknownEventIsRefusedWithTheKnownOnesListed() {
        Api.TenantKey tenant = api.createTenant("Typo");
        Api.Response r = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", Receiver.ok(), "event", "invoice.paid"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asString()).contains("'invoice.paid'");
        for (EventTypes.EventType type : EventTypes.all()) {
            assertThat(r.body().get("detail").asString()).contains(type.event());
        }
    }

    @Test
    void missingFieldsAreNamed() {
        Api.TenantKey tenant = api.createTenant("Forgetful");
        Api.Response noEvent = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", Receiver.ok()));
        assertThat(noEvent.status()).isEqualTo(422);
        assertThat(noEvent.body().get("detail").asString()).startsWith("event: required");
        Api.Response noUrl = api.post(PATH, tenant.apiKey(), Map.of("event", "client.created"));
        assertThat(noUrl.status()).isEqualTo(422);
        assertThat(noUrl.body().get("detail").asString()).startsWith("targetUrl: required");
        Api.Response notAUrl = api.post(PATH, tenant.apiKey(), Map.of("event", "client.created", "targetUrl", "hooks here"));
        assertThat(notAUrl.status()).isEqualTo(422);
        assertThat(notAUrl.body().get("detail").asString()).startsWith("targetUrl: not a URL");
        Api.Response relative = api.post(PATH, tenant.apiKey(), Map.of("event", "client.created", "targetUrl", "/hooks/1"));
        assertThat(relative.status()).isEqualTo(422);
        assertThat(relative.body().get("detail").asString()).contains("absolute URL");
    }

    @ParameterizedTest
    @MethodSource("dev.passerelle.support.HostileUrls#notLoopback")
    void hostileTargetsAreRefusedWhenSubscribing(String url) {
        Api.TenantKey tenant = tenant();
        Api.Response r = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", url, "event", "client.created"));

        assertThat(r.status()).as(url + ": " + r.text()).isEqualTo(422);
        assertThat(r.body().get("detail").asString()).startsWith("targetUrl: ");
        assertThat(api.get(PATH, tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void plainHttpAndLoopbackOnlyWhenTheLabSettingAllowsThem() {
        TargetUrls production = new TargetUrls(false);
        assertThatThrownBy(() -> production.check("http://hooks.example.com/abc"))
                .isInstanceOf(ErrorResponseException.class).hasMessageContaining("targetUrl: must use https, got http://");
        assertThatThrownBy(() -> production.check("https://127.0.0.1/abc"))
                .isInstanceOf(ErrorResponseException.class).hasMessageContaining("not public");
        TargetUrls lab = new TargetUrls(true);
        assertThat(lab.check("http://127.0.0.1:9/abc").toString()).isEqualTo("http://127.0.0.1:9/abc");
        assertThatThrownBy(() -> lab.check("http://10.0.0.1/abc"))
                .isInstanceOf(ErrorResponseException.class).hasMessageContaining("not public");
    }

    @Test
    void aTenantHasAtMostTheCapOfSubscriptionsPerEventType() {
        Api.TenantKey tenant = api.createTenant("Greedy");
        String target = Receiver.ok();
        for (int i = 0; i < settings.maxPerEvent(); i++) {
            assertThat(api.post(PATH, tenant.apiKey(), Map.of("targetUrl", target, "event", "product.created")).status())
                    .isEqualTo(201);
        }
        Api.Response over = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", target, "event", "product.created"));
        assertThat(over.status()).isEqualTo(422);
        assertThat(over.body().get("detail").asString()).contains("already has " + settings.maxPerEvent(),
                "product.created", "DELETE /api/v1/subscriptions/{id}");
        // Another event type has its own cap.
        assertThat(api.post(PATH, tenant.apiKey(), Map.of("targetUrl", target, "event", "client.created")).status())
                .isEqualTo(201);
    }

    @Test
    void anotherTenantCanNeitherSeeNorTouchASubscription() {
        Api.TenantKey a = api.createTenant("Alpha");
        Api.TenantKey b = api.createTenant("Beta");
        String id = api.post(PATH, a.apiKey(), Map.of("targetUrl", Receiver.ok(), "event", "client.created")).body()
                .get("id").asString();

        assertThat(api.get(PATH + "/" + id, b.apiKey()).status()).isEqualTo(404);
        assertThat(api.get(PATH + "/" + id + "/deliveries", b.apiKey()).status()).isEqualTo(404);
        assertThat(api.post(PATH + "/" + id + "/deliveries/" + UUID.randomUUID() + "/retry", b.apiKey(), null).status())
                .isEqualTo(404);
        assertThat(api.delete(PATH + "/" + id, b.apiKey()).status()).isEqualTo(404);
        assertThat(api.get(PATH, b.apiKey()).body().get("items")).isEmpty();
        assertThat(api.get(PATH + "/" + id, a.apiKey()).status()).isEqualTo(200);
        assertThat(api.get(PATH + "/" + id, null).status()).isEqualTo(401);
    }

    @Test
    void unsubscribingDeletesTheSubscriptionAndItsSecret() {
        Api.TenantKey tenant = api.createTenant("Leaving");
        String id = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", Receiver.ok(), "event", "client.created")).body()
                .get("id").asString();
        UUID secretId = jdbc.sql("SELECT secret_id FROM webhook_subscription WHERE id = ?").param(UUID.fromString(id))
                .query(UUID.class).single();

        assertThat(api.delete(PATH + "/" + id, tenant.apiKey()).status()).isEqualTo(204);
        assertThat(api.get(PATH + "/" + id, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(api.delete(PATH + "/" + id, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM secret WHERE id = ?").param(secretId).query(Long.class).single()).isZero();
    }

    @Test
    void subscriptionsMadeWithGivenKeysAreDeletedTogether() {
        Api.TenantKey tenant = api.createTenant("Two keys");
        Api.Response key = api.post("/api/v1/tenants/" + tenant.tenantId() + "/keys", Api.OPERATOR, Map.of("name", "Zapier"));
        assertThat(key.status()).isEqualTo(201);
        UUID zapierKeyId = UUID.fromString(key.body().get("id").asString());
        String zapierKey = key.body().get("apiKey").asString();
        String mine = api.post(PATH, tenant.apiKey(), Map.of("targetUrl", Receiver.ok(), "event", "client.created")).body()
                .get("id").asString();
        for (String event : List.of("client.created", "document.paid")) {
            JsonNode s = api.post(PATH, zapierKey, Map.of("targetUrl", Receiver.ok(), "event", event)).body();
            assertThat(s.get("apiKeyId").asString()).isEqualTo(zapierKeyId.toString());
        }
        // Another tenant's subscriptions are never touched, whatever key ids are given.
        Api.TenantKey other = api.createTenant("Bystander");
        api.post(PATH, other.apiKey(), Map.of("targetUrl", Receiver.ok(), "event", "client.created"));

        assertThat(subscriptions.deleteCreatedBy(tenant.tenantId(), List.of(zapierKeyId, UUID.randomUUID()))).isEqualTo(2);
        assertThat(subscriptions.deleteCreatedBy(other.tenantId(), List.of(zapierKeyId))).isZero();
        assertThat(subscriptions.deleteCreatedBy(tenant.tenantId(), List.of())).isZero();

        JsonNode left = api.get(PATH, tenant.apiKey()).body().get("items");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("id").asString()).isEqualTo(mine);
        assertThat(api.get(PATH, other.apiKey()).body().get("items")).hasSize(1);
    }

    @Test
    void theTriggersAreListedWithLabelsAndDescriptions() {
        Api.TenantKey tenant = api.createTenant("Curious");
        JsonNode triggers = api.get("/api/v1/triggers", tenant.apiKey()).body();
        assertThat(triggers).extracting(t -> t.get("event").asString())
                .containsExactlyElementsOf(EventTypes.all().stream().map(EventTypes.EventType::event).toList())
                .contains("client.created", "document.paid", "email.delivered", "email.dropped", "card.moved",
                        "task.due", "task.done", "account.needs_reconnect", "shop.order_received");
        for (JsonNode t : triggers) {
            assertThat(t.get("label").asString()).isNotBlank();
            assertThat(t.get("description").asString()).isNotBlank();
            assertThat(t.propertyNames()).containsExactly("event", "label", "description", "subject");
        }
        Api.Response unknown = api.get("/api/v1/triggers/invoice.paid/recent", tenant.apiKey());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asString()).contains("document.paid");
        assertThat(api.get("/api/v1/triggers/client.created/poll?cursor=abc", tenant.apiKey()).status()).isEqualTo(400);
    }

    private Api.TenantKey tenant;

    private Api.TenantKey tenant() {
        if (tenant == null) {
            tenant = api.createTenant("Hostile " + UUID.randomUUID());
        }
        return tenant;
    }
}
