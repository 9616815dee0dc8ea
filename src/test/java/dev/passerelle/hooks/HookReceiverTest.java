package dev.passerelle.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.HmacSha256;
import dev.passerelle.support.StandardWebhooksVerifier;
import tools.jackson.databind.JsonNode;

@PasserelleTest
@ExtendWith(OutputCaptureExtension.class)
class HookReceiverTest {

    private static final int ONE_MIB = 1024 * 1024;

    @Autowired
    Api api;
    @Autowired
    dev.passerelle.secrets.SecretStore secrets;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    Api.TenantKey tenant;
    String url;
    String secret;
    String standardSecret;

    @BeforeEach
    void signedHook() {
        tenant = api.createTenant("zap wiring");
        Api.Response created = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "new client", "signed", true));
        assertThat(created.status()).isEqualTo(201);
        url = created.body().get("url").asString();
        secret = created.body().get("secret").asString();
        standardSecret = created.body().get("standardWebhooksSecret").asString();
        assertThat(standardSecret).startsWith("whsec_");
        assertThat(created.body().get("signatureHeader").asString()).isEqualTo("X-Passerelle-Signature");
    }

    @Test
    void storesTheExactBytesAndAnswersWithTheEventId(CapturedOutput output) {
        byte[] body = "{ \"name\" : \"Zoë Ångström\",\n  \"amount\": 12.50 }".getBytes(StandardCharsets.UTF_8);

        Api.Response response = post(body, sign(body), Map.of("Idempotency-Key", "zap-run-1"));

        assertThat(response.status()).isEqualTo(200);
        String eventId = response.body().get("eventId").asString();
        assertThat(response.body().get("duplicate").asBoolean()).isFalse();

        JsonNode event = api.get("/api/v1/events/" + eventId, tenant.apiKey()).body();
        assertThat(event.get("body").asString().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(event.get("event").get("source").asString()).isEqualTo("hook");
        assertThat(event.get("event").get("idempotencyKey").asString()).isEqualTo("zap-run-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> "PROCESSED".equals(
                api.get("/api/v1/events/" + eventId, tenant.apiKey()).body().get("event").get("status").asString()));
        assertThat(output).doesNotContain(secret);
    }

    /**
     * A sender that asks for another media type gets the JSON answer anyway: the event is stored by
     * then, and an error answer (406) would have it sent again, and stored twice.
     */
    @Test
    void aSenderAskingForAnotherMediaTypeStillGetsItsReceiptAndTheEventIsStoredOnce() {
        byte[] body = "{\"n\":\"html please\"}".getBytes(StandardCharsets.UTF_8);

        Api.Response response = post(body, sign(body), Map.of("Accept", "text/html"));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().get("status").asString()).isEqualTo("accepted");
        assertThat(api.get("/api/v1/events?source=hook", tenant.apiKey()).body().get("items")).hasSize(1);
    }

    @Test
    void keepsOnlyAllowListedHeaders() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> hostile = Map.of("CamelHttpUri", "http://169.254.169.254/", "CamelFileName", "../../etc/passwd",
                "X-Forwarded-For", "10.0.0.1", "User-Agent", "Zapier");

        String eventId = post(body, sign(body), hostile).body().get("eventId").asString();

        JsonNode headers = api.get("/api/v1/events/" + eventId, tenant.apiKey()).body().get("headers");
        assertThat(headers.propertyNames()).containsExactlyInAnyOrder("content-type", "user-agent");
        assertThat(headers.get("user-agent").asString()).isEqualTo("Zapier");
    }

    @Test
    void sameIdempotencyKeyIsStoredOnce() {
        byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> key = Map.of("Idempotency-Key", "retry-me");

        Api.Response first = post(body, sign(body), key);
        Api.Response again = post(body, sign(body), key);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("eventId").asString()).isEqualTo(first.body().get("eventId").asString());
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(storedEvents()).isEqualTo(1);
    }

    @Test
    void badOrMissingSignatureIsRefusedAndNothingStored() {
        byte[] body = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] otherBody = "{\"n\":2}".getBytes(StandardCharsets.UTF_8);

        Api.Response missing = post(body, null, Map.of());
        Api.Response wrong = post(body, sign(otherBody), Map.of());
        Api.Response garbage = post(body, "sha256=zz", Map.of());

        for (Api.Response r : new Api.Response[] {missing, wrong, garbage}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(missing.body().get("detail").asString()).contains("X-Passerelle-Signature");
        assertThat(storedEvents()).isZero();
    }

    @Test
    void aStandardWebhooksDeliveryIsAcceptedOnceAndCannotBeReplayedLater() {
        byte[] body = "{\"lead\":\"Zoë\"}".getBytes(StandardCharsets.UTF_8);
        String whsec = standardSecret;
        String now = Long.toString(java.time.Instant.now().getEpochSecond());

        Api.Response first = postStandard(body, "msg_1", now, StandardWebhooksVerifier.expected(whsec, "msg_1", now, body));
        Api.Response retried = postStandard(body, "msg_1", now, StandardWebhooksVerifier.expected(whsec, "msg_1", now, body));

        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(retried.body().get("duplicate").asBoolean()).isTrue();
        assertThat(retried.body().get("eventId").asString()).isEqualTo(first.body().get("eventId").asString());
        assertThat(storedEvents()).isEqualTo(1);

        // Captured and posted again six minutes later, or re-signed with an old timestamp: refused.
        String old = Long.toString(java.time.Instant.now().minusSeconds(360).getEpochSecond());
        Api.Response replayed = postStandard(body, "msg_2", old, StandardWebhooksVerifier.expected(whsec, "msg_2", old, body));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body().get("detail").asString()).contains("webhook-timestamp", "more than 5 minutes");
        // Another body under a valid id and timestamp, a signature by another key, missing headers.
        byte[] other = "{\"lead\":\"Mallory\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(postStandard(other, "msg_3", now, StandardWebhooksVerifier.expected(whsec, "msg_3", now, body)).status())
                .isEqualTo(401);
        assertThat(postStandard(body, "msg_4", now, StandardWebhooksVerifier.expected(
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), "msg_4", now, body)).status())
                .isEqualTo(401);
        Api.Response noId = api.postRaw(url, null, body, "application/json", Map.of("webhook-timestamp", now,
                "webhook-signature", StandardWebhooksVerifier.expected(whsec, "msg_5", now, body)));
        assertThat(noId.status()).isEqualTo(401);
        assertThat(noId.body().get("detail").asString()).contains("webhook-id");
        assertThat(storedEvents()).isEqualTo(1);
    }

    @Test
    void aStandardWebhooksSenderRotatingItsSecretMaySendSeveralSignatures() {
        byte[] body = "{\"n\":7}".getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(java.time.Instant.now().getEpochSecond());
        String stale = StandardWebhooksVerifier.expected("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]),
                "msg_r", now, body);

        Api.Response response = postStandard(body, "msg_r", now,
                stale + " " + StandardWebhooksVerifier.expected(standardSecret, "msg_r", now, body));

        assertThat(response.status()).as(response.text()).isEqualTo(200);
    }

    @Test
    void notJsonIsRefusedAndNothingStored() {
        for (String text : new String[] {"", "name=Bob", "{\"open\": ", "{} trailing", "42"}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            Api.Response r = post(body, sign(body), Map.of());
            assertThat(r.status()).as("body %s", text).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(storedEvents()).isZero();
    }

    @Test
    void oversizeBodyIs413AndABodyJustUnderTheLimitIsAccepted() {
        byte[] tooBig = jsonOfSize(ONE_MIB + 1);
        Api.Response refused = post(tooBig, sign(tooBig), Map.of());
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(storedEvents()).isZero();

        byte[] nearLimit = jsonOfSize(ONE_MIB);
        Api.Response accepted = post(nearLimit, sign(nearLimit), Map.of());
        assertThat(accepted.status()).isEqualTo(200);
        JsonNode event = api.get("/api/v1/events/" + accepted.body().get("eventId").asString(), tenant.apiKey()).body();
        assertThat(event.get("event").get("size").asInt()).isEqualTo(ONE_MIB);
    }

    @Test
    void unknownRotatedAndDeletedUrlsAre404() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Api.Response unknown = api.postRaw("/hooks/" + "x".repeat(43), null, body, "application/json", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        String hookId = api.get("/api/v1/hooks", tenant.apiKey()).body().get(0).get("id").asString();
        byte[] before = "{\"before\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(before, sign(before), Map.of()).status()).as("the URL is now remembered").isEqualTo(200);
        Api.Response rotated = api.post("/api/v1/hooks/" + hookId + "/rotate", tenant.apiKey(), null);
        String newUrl = rotated.body().get("url").asString();
        String newSecret = rotated.body().get("secret").asString();
        assertThat(newUrl).isNotEqualTo(url);
        assertThat(post(body, sign(body), Map.of()).status()).isEqualTo(404);
        byte[] signed = HmacSha256.sign(newSecret, body);
        assertThat(api.postRaw(newUrl, null, body, "application/json",
                Map.of("X-Passerelle-Signature", "sha256=" + HexFormat.of().formatHex(signed))).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/hooks/" + hookId, tenant.apiKey()).status()).isEqualTo(204);
        assertThat(api.postRaw(newUrl, null, body, "application/json",
                Map.of("X-Passerelle-Signature", "sha256=" + HexFormat.of().formatHex(signed))).status()).isEqualTo(404);
        assertThat(storedEvents()).isEqualTo(2);
    }

    @Test
    void aSuspensionAppliesFromTheNextDeliveryAndAnotherInstancesChangesWithinASecond() {
        byte[] first = "{\"n\": 1}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(first, sign(first), Map.of()).status()).isEqualTo(200);

        api.post("/api/v1/tenants/" + tenant.tenantId() + "/suspend", Api.OPERATOR, null);
        byte[] second = "{\"n\": 2}".getBytes(StandardCharsets.UTF_8);
        Api.Response refused = post(second, sign(second), Map.of());
        api.post("/api/v1/tenants/" + tenant.tenantId() + "/reactivate", Api.OPERATOR, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(post(second, sign(second), Map.of()).status()).isEqualTo(200);

        // Another instance's changes reach this one only through the database: made here behind its back.
        java.util.UUID secretId = jdbc.sql("SELECT secret_id FROM inbound_hook WHERE tenant_id = ?")
                .param(tenant.tenantId()).query(java.util.UUID.class).single();
        String rotated = "rotated-elsewhere-0123456789abcdefghijkl";
        secrets.replace(tenant.tenantId(), secretId, rotated);
        byte[] third = "{\"n\": 3}".getBytes(StandardCharsets.UTF_8);
        String signedAfresh = "sha256=" + HexFormat.of().formatHex(HmacSha256.sign(rotated, third));
        assertThat(post(third, signedAfresh, Map.of()).status())
                .as("the remembered secret does not match: read again, not refused").isEqualTo(200);
        assertThat(post(third, sign(third), Map.of()).status()).as("the old secret, once the new one was read")
                .isEqualTo(401);
        assertThat(storedEvents()).isEqualTo(3);

        // Deliveries in the next second may still be taken (and stored), as they were before the suspension.
        jdbc.sql("UPDATE tenant SET status = 'SUSPENDED' WHERE id = ?").param(tenant.tenantId()).update();
        try {
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> post(third, signedAfresh, Map.of()).status() == 403);
        } finally {
            jdbc.sql("UPDATE tenant SET status = 'ACTIVE' WHERE id = ?").param(tenant.tenantId()).update();
        }
    }

    @Test
    void unsignedHookNeedsNoSignatureAndNeverEchoesSecrets() {
        Api.Response created = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "plain"));
        assertThat(created.body().has("secret")).isFalse();
        String plainUrl = created.body().get("url").asString();

        assertThat(api.postRaw(plainUrl, null, "[1,2]".getBytes(), "application/json", Map.of()).status()).isEqualTo(200);

        Api.Response listed = api.get("/api/v1/hooks", tenant.apiKey());
        assertThat(listed.text()).doesNotContain(secret).doesNotContain(url.substring(url.lastIndexOf('/') + 1));
        assertThat(listed.body()).hasSize(2);
    }

    private Api.Response post(byte[] body, String signature, Map<String, String> extra) {
        Map<String, String> headers = new java.util.HashMap<>(extra);
        if (signature != null) {
            headers.put("X-Passerelle-Signature", signature);
        }
        return api.postRaw(url, null, body, "application/json", headers);
    }

    private Api.Response postStandard(byte[] body, String id, String timestamp, String signature) {
        return api.postRaw(url, null, body, "application/json",
                Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature));
    }

    private String sign(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(HmacSha256.sign(secret, body));
    }

    private int storedEvents() {
        return api.get("/api/v1/events?source=hook", tenant.apiKey()).body().get("items").size();
    }

    private static byte[] jsonOfSize(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        byte[] open = "{\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(open, 0, body, 0, open.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }
}
