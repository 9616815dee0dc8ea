package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/** Connecting a shop and receiving exactly what WooCommerce sends. */
@PasserelleTest
@ExtendWith(OutputCaptureExtension.class)
class WooConnectionApiTest {

    static final String PATH = "/api/v1/connections/woocommerce";

    @Autowired
    Api api;
    @Autowired
    MeterRegistry meters;
    @Autowired
    dev.passerelle.secrets.SecretStore secrets;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Api.TenantKey tenant;
    JsonNode created;
    String url;
    String secret;

    @BeforeEach
    void connect() {
        tenant = api.createTenant("Boutique Zoë");
        Api.Response r = api.post(PATH, tenant.apiKey(), Map.of("name", "Boutique", "shopUrl", "https://shop.example/",
                "settings", Map.of("documentKind", "invoice", "trigger", "paid")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        created = r.body();
        url = created.get("deliveryUrl").asString();
        secret = created.get("secret").asString();
    }

    @Test
    void createGivesAnUnguessableUrlAnAlphanumericSecretAndInstructions() {
        assertThat(url).matches("http://localhost:\\d+/woocommerce/[A-Za-z0-9_-]{43}");
        assertThat(secret).matches("[A-Za-z0-9]{40}");
        assertThat(created.get("shopUrl").asString()).isEqualTo("https://shop.example");
        assertThat(created.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.get("hasRestKeys").asBoolean()).isFalse();
        JsonNode hooks = created.get("instructions").get("webhooks");
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0).get("topic").asString()).isEqualTo("Order created");
        assertThat(hooks.get(1).get("topic").asString()).isEqualTo("Order updated");
        assertThat(hooks.get(0).get("apiVersion").asString()).contains("v3");
        assertThat(hooks.get(0).get("deliveryUrl").asString()).isEqualTo(url);
        assertThat(hooks.get(0).get("secret").asString()).isEqualTo(secret);

        String id = created.get("id").asString();
        Api.Response one = api.get(PATH + "/" + id, tenant.apiKey());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("deliveryUrl").asString()).isEqualTo(url);
        assertThat(one.text()).doesNotContain(secret);
        assertThat(api.get(PATH, tenant.apiKey()).text()).doesNotContain(secret).contains(id);

        String other = api.post(PATH, tenant.apiKey(), Map.of("name", "Second", "shopUrl", "https://shop.example"))
                .body().get("deliveryUrl").asString();
        assertThat(other).isNotEqualTo(url);
    }

    @Test
    void settingsAreValidatedWithClearProblems() {
        Api.Response bad = api.post(PATH, tenant.apiKey(), Map.of("name", "x", "shopUrl", "https://shop.example",
                "settings", Map.of("documentKind", "receipt", "trigger", "shipped", "language", "klingon",
                        "autoSend", "yes")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("detail").asString()).contains("settings.documentKind", "settings.trigger",
                "settings.language", "settings.autoSend");

        assertThat(api.post(PATH, tenant.apiKey(), Map.of("name", "x", "shopUrl", "ftp://shop.example")).status())
                .isEqualTo(400);
        assertThat(api.post(PATH, tenant.apiKey(), Map.of("shopUrl", "https://shop.example")).status()).isEqualTo(400);
        assertThat(api.post(PATH, tenant.apiKey(), Map.of("name", "x", "shopUrl", "https://shop.example",
                "consumerKey", "ck_only")).status()).isEqualTo(400);
        Api.Response connectWithoutKeys = api.post(PATH, tenant.apiKey(), Map.of("name", "x",
                "shopUrl", "https://shop.example", "connectWebhooks", true));
        assertThat(connectWithoutKeys.status()).isEqualTo(400);
        assertThat(connectWithoutKeys.body().get("detail").asString()).contains("consumerKey");
        assertThat(api.post(PATH, tenant.apiKey(), Map.of("name", "x", "shopUrl", "https://shop.example",
                "settings", Map.of("autoSend", true, "keepDraft", true))).status()).isEqualTo(400);
    }

    @Test
    void patchChangesOnlyWhatIsGivenAndPutReplaces() {
        String id = created.get("id").asString();
        Map<String, Object> settings = new HashMap<>();
        settings.put("autoSend", true);
        settings.put("emailPaid", Map.of("subject", "Merci !", "body", "Votre facture est jointe."));
        settings.put("language", "fr");
        Api.Response patched = api.patch(PATH + "/" + id, tenant.apiKey(), Map.of("settings", settings));
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        JsonNode s = patched.body().get("settings");
        assertThat(s.get("autoSend").asBoolean()).isTrue();
        assertThat(s.get("trigger").asString()).isEqualTo("PAID");
        assertThat(s.get("language").asString()).isEqualTo("fr");
        assertThat(s.get("emailPaid").get("subject").asString()).isEqualTo("Merci !");
        assertThat(patched.body().get("name").asString()).isEqualTo("Boutique");

        Api.Response put = api.put(PATH + "/" + id, tenant.apiKey(), Map.of("name", "Renamed",
                "shopUrl", "https://shop.example", "settings", Map.of("documentKind", "delivery_note",
                        "trigger", "completed")));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("name").asString()).isEqualTo("Renamed");
        assertThat(put.body().get("settings").get("documentKind").asString()).isEqualTo("DELIVERY_NOTE");
        assertThat(put.body().get("settings").get("autoSend").asBoolean()).isFalse();
        assertThat(api.patch(PATH + "/" + id, tenant.apiKey(), Map.of("settings", Map.of("trigger", "never")))
                .status()).isEqualTo(400);
    }

    @Test
    void theUnsignedPingGetsExactly200AndChangesNothing() {
        Api.Response ping = Shop.ping(api, url, 14);

        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.body().get("status").asString()).isEqualTo("pong_unverified");
        JsonNode connection = api.get(PATH + "/" + created.get("id").asString(), tenant.apiKey()).body();
        assertThat(connection.get("lastPingAt")).as("anyone with the URL can send it").isNull();
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void aPingSignedWithTheSecretIsNotedAndAWronglySignedOneIsRefused() {
        String id = created.get("id").asString();

        Api.Response forged = Shop.signedPing(api, url, 14, "not-the-secret");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        assertThat(api.get(PATH + "/" + id, tenant.apiKey()).body().get("lastPingAt")).isNull();

        Api.Response signed = Shop.signedPing(api, url, 14, secret);
        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.body().get("status").asString()).isEqualTo("pong");
        assertThat(api.get(PATH + "/" + id, tenant.apiKey()).body().get("lastPingAt")).isNotNull();
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void aSignedDeliveryIsStoredWithItsExactBytesAndKeptHeaders(CapturedOutput output) {
        byte[] body = Shop.fixture("order-727-processing.json").getBytes(StandardCharsets.UTF_8);

        Api.Response r = Shop.deliver(api, url, secret, "order.created", body);

        assertThat(r.status()).isEqualTo(200);
        String eventId = r.body().get("eventId").asString();
        JsonNode event = api.get("/api/v1/events/" + eventId, tenant.apiKey()).body();
        assertThat(event.get("body").asString().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(event.get("event").get("source").asString()).isEqualTo("woocommerce");
        assertThat(event.get("event").get("idempotencyKey").asString()).isEqualTo("order:727@2017-03-22T19:28:08");
        assertThat(event.get("headers").get("x-wc-webhook-topic").asString()).isEqualTo("order.created");
        assertThat(event.get("headers").has("x-wc-webhook-signature")).isFalse();
        assertThat(output).doesNotContain(secret);
    }

    @Test
    void aWrongOrMissingSignatureIs401AndNothingIsStored() {
        byte[] body = Shop.fixture("order-727-processing.json").getBytes(StandardCharsets.UTF_8);
        double before = meters.counter("passerelle.woocommerce.rejected", "reason", "signature_invalid").count();

        Api.Response wrong = api.postRaw(url, null, body, "application/json",
                Shop.headers("order.created", 14, Shop.signature("not-the-secret", body)));
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("29.35", "0.01").getBytes(StandardCharsets.UTF_8);
        Api.Response altered = api.postRaw(url, null, tampered, "application/json",
                Shop.headers("order.created", 14, Shop.signature(secret, body)));
        Api.Response missing = api.postRaw(url, null, body, "application/json", Shop.headers("order.created", 14, null));
        Api.Response garbage = api.postRaw(url, null, body, "application/json",
                Shop.headers("order.created", 14, "%%%not base64"));

        for (Api.Response r : List.of(wrong, altered, missing, garbage)) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(meters.counter("passerelle.woocommerce.rejected", "reason", "signature_invalid").count())
                .isEqualTo(before + 3);
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void unknownUrlsAre404AndOversizedBodiesAre413() {
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        Api.Response unknown = Shop.deliver(api, url.substring(0, url.length() - 3) + "AAA", secret, "order.created", body);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(Shop.ping(api, url + "x", 1).status()).isEqualTo(404);

        byte[] huge = new byte[2 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        Api.Response tooLarge = Shop.deliver(api, url, secret, "order.created", huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void signedBodiesThatAreNotAnOrderAre400SayingWhyAndNothingIsStored() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"id\":727,\"status\":", "the body is not valid JSON");
        refused.put("[{\"id\":727}]", "the body must be a JSON object");
        refused.put("{\"id\":727} {\"id\":728}", "the body has content after its JSON document");
        refused.put("{\"number\":\"727\"}", "the body is not a WooCommerce order: it has no numeric id");
        refused.put("{\"id\":\"727\"}", "the body is not a WooCommerce order: it has no numeric id");
        refused.put("{\"id\":727.5}", "the body is not a WooCommerce order: it has no numeric id");
        double notJson = meters.counter("passerelle.woocommerce.rejected", "reason", "not_json").count();
        double notAnOrder = meters.counter("passerelle.woocommerce.rejected", "reason", "not_an_order").count();

        refused.forEach((body, why) -> {
            Api.Response r = Shop.deliver(api, url, secret, "order.created", body.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().get("detail").asString()).as(body).startsWith(why);
        });

        assertThat(meters.counter("passerelle.woocommerce.rejected", "reason", "not_json").count()).isEqualTo(notJson + 3);
        assertThat(meters.counter("passerelle.woocommerce.rejected", "reason", "not_an_order").count())
                .isEqualTo(notAnOrder + 3);
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void aSuspendedTenantsShopGets403UntilReactivated() {
        byte[] body = Shop.fixture("order-727-processing.json").getBytes(StandardCharsets.UTF_8);
        ObjectNodeOrder o = new ObjectNodeOrder();
        // The URL was just resolved and is remembered: the suspension must still apply from the next delivery.
        assertThat(Shop.deliver(api, url, secret, "order.updated", o.next()).status()).isEqualTo(200);

        api.post("/api/v1/tenants/" + tenant.tenantId() + "/suspend", Api.OPERATOR, null);
        Api.Response refused = Shop.deliver(api, url, secret, "order.created", body);
        api.post("/api/v1/tenants/" + tenant.tenantId() + "/reactivate", Api.OPERATOR, null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(Shop.deliver(api, url, secret, "order.created", body).status()).isEqualTo(200);
    }

    @Test
    void otherTopicsAreAcknowledgedButNotStored() {
        byte[] body = "{\"id\":93,\"name\":\"Woo Single #1\"}".getBytes(StandardCharsets.UTF_8);
        Api.Response r = Shop.deliver(api, url, secret, "product.updated", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asString()).isEqualTo("ignored");
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void rotationKeepsThePreviousSecretForADayAndDeleteKillsTheUrl() {
        String id = created.get("id").asString();
        ObjectNodeOrder o = new ObjectNodeOrder();
        assertThat(Shop.deliver(api, url, secret, "order.updated", o.next()).status()).as("remembered").isEqualTo(200);
        Api.Response rotated = api.post(PATH + "/" + id + "/rotate-secret", tenant.apiKey(), null);
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.body().get("secret").asString();
        assertThat(fresh).matches("[A-Za-z0-9]{40}").isNotEqualTo(secret);
        assertThat(rotated.body().get("updatedInShop").asBoolean()).isFalse();

        assertThat(Shop.deliver(api, url, fresh, "order.updated", o.next()).status()).isEqualTo(200);
        assertThat(Shop.deliver(api, url, secret, "order.updated", o.next()).status()).isEqualTo(200);
        assertThat(Shop.deliver(api, url, "someone-else", "order.updated", o.next()).status()).isEqualTo(401);

        assertThat(api.post(PATH + "/" + id + "/pause", tenant.apiKey(), null).body().get("status").asString())
                .isEqualTo("PAUSED");
        assertThat(Shop.deliver(api, url, fresh, "order.updated", o.next()).status()).isEqualTo(200);
        assertThat(api.post(PATH + "/" + id + "/resume", tenant.apiKey(), null).body().get("status").asString())
                .isEqualTo("ACTIVE");

        assertThat(api.delete(PATH + "/" + id, tenant.apiKey()).status()).isEqualTo(204);
        assertThat(api.get(PATH + "/" + id, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(Shop.ping(api, url, 14).status()).isEqualTo(404);
        assertThat(Shop.deliver(api, url, fresh, "order.updated", o.next()).status()).isEqualTo(404);
    }

    @Test
    void changesMadeByAnotherInstanceApplyWithinASecondAndARotationNeverRefusesAShop() {
        // Another instance's changes reach this one only through the database: made here behind its back.
        ObjectNodeOrder o = new ObjectNodeOrder();
        assertThat(Shop.deliver(api, url, secret, "order.updated", o.next()).status()).isEqualTo(200);
        String fresh = "rotated-elsewhere-0123456789abcdefghijkl";
        java.util.UUID connection = java.util.UUID.fromString(created.get("id").asString());
        java.util.UUID secretId = secrets.store(tenant.tenantId(), WooConnections.SECRET_PURPOSE, fresh);
        jdbc.sql("UPDATE woo_connection SET secret_id = ? WHERE id = ?").params(secretId, connection).update();

        assertThat(Shop.deliver(api, url, fresh, "order.updated", o.next()).status())
                .as("the remembered secret does not match: read again, not refused").isEqualTo(200);
        assertThat(Shop.deliver(api, url, secret, "order.updated", o.next()).status())
                .as("the old secret, once the new one was read").isEqualTo(401);

        jdbc.sql("UPDATE tenant SET status = 'SUSPENDED' WHERE id = ?").param(tenant.tenantId()).update();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                    .pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> Shop.deliver(api, url, fresh, "order.updated", o.next()).status() == 403);
        } finally {
            jdbc.sql("UPDATE tenant SET status = 'ACTIVE' WHERE id = ?").param(tenant.tenantId()).update();
        }
    }

    /** Distinct orders so the inbox does not deduplicate them. */
    static final class ObjectNodeOrder {
        private int n = 1000;

        byte[] next() {
            return ("{\"id\":" + (n++) + ",\"status\":\"pending\",\"date_modified_gmt\":\"2026-01-01T00:00:00\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
