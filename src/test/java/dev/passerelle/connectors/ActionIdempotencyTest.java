package dev.passerelle.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Zapier retries: one Idempotency-Key, one effect, the first answer for every repeat. */
@PasserelleTest
class ActionIdempotencyTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DirectActions actions;
    @Autowired
    DirectRequestPurge purge;

    Api.Response act(String apiKey, String block, String body, String idempotencyKey) {
        return api.postRaw("/api/v1/actions/" + block, apiKey, body.getBytes(StandardCharsets.UTF_8),
                "application/json", idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    record Setup(Api.TenantKey tenant, String clientId) {
    }

    Setup tenantWithClient(String name) {
        Api.TenantKey tenant = api.createTenant(name);
        String client = act(tenant.apiKey(), "upsert-client", "{\"name\": \"Buyer\"}", null).body().get("id")
                .asString();
        return new Setup(tenant, client);
    }

    String invoice(String clientId, String description) {
        return "{\"kind\": \"invoice\", \"clientId\": \"" + clientId + "\", \"lines\": [{\"description\": \""
                + description + "\", \"unitPrice\": \"9.90\", \"taxRate\": 20}]}";
    }

    long documents(Setup s) {
        return api.get("/api/v1/documents?clientId=" + s.clientId(), s.tenant().apiKey()).body().get("items").size();
    }

    long recorded(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM action_request WHERE tenant_id = ?").param(tenantId)
                .query(Long.class).single();
    }

    @Test
    void aRepeatWithTheSameKeyAndBodyAnswersTheFirstResultAndActsOnce() {
        Setup s = tenantWithClient("Retries");
        String body = invoice(s.clientId(), "Zap run 1");

        Api.Response first = act(s.tenant().apiKey(), "create-document", body, "zap-run-1");
        // The same body with its fields in another order and other spacing is the same request.
        Api.Response repeat = act(s.tenant().apiKey(), "create-document", api.json(body).toPrettyString(),
                "zap-run-1");

        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.headers()).doesNotContainKey("idempotent-replayed");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(documents(s)).isEqualTo(1);
        assertThat(recorded(s.tenant().tenantId())).isEqualTo(1);

        // Without a key, each request acts.
        act(s.tenant().apiKey(), "create-document", body, null);
        act(s.tenant().apiKey(), "create-document", body, null);
        assertThat(documents(s)).isEqualTo(3);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        Setup s = tenantWithClient("Key reuse");
        act(s.tenant().apiKey(), "create-document", invoice(s.clientId(), "First"), "k-1");

        Api.Response other = act(s.tenant().apiKey(), "create-document", invoice(s.clientId(), "Second"), "k-1");
        Api.Response otherBlock = act(s.tenant().apiKey(), "upsert-client", "{\"name\": \"x\"}", "k-1");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.body().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(other.body().get("detail").asString()).contains("already used").contains("another body");
        assertThat(otherBlock.status()).isEqualTo(422);
        assertThat(otherBlock.body().get("detail").asString()).contains("passerelle:create-document");
        assertThat(documents(s)).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheTenant() {
        Setup a = tenantWithClient("Scope A");
        Setup b = tenantWithClient("Scope B");

        Api.Response forA = act(a.tenant().apiKey(), "create-document", invoice(a.clientId(), "A"), "shared-key");
        Api.Response forB = act(b.tenant().apiKey(), "create-document", invoice(b.clientId(), "B"), "shared-key");

        assertThat(forA.status()).isEqualTo(200);
        assertThat(forB.status()).isEqualTo(200);
        assertThat(forB.headers()).doesNotContainKey("idempotent-replayed");
        assertThat(forB.body().get("id")).isNotEqualTo(forA.body().get("id"));
    }

    @Test
    void twoIdenticalRequestsAtOnceMakeOneDocument() throws Exception {
        Setup s = tenantWithClient("Twins");
        String body = invoice(s.clientId(), "Twin");
        int n = 6;
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(() -> act(s.tenant().apiKey(), "create-document", body, "twin-key"));
        }

        List<Api.Response> responses = atOnce(calls);

        assertThat(responses).extracting(Api.Response::status).containsOnly(200);
        assertThat(responses).extracting(r -> r.body().get("id").asString()).containsOnly(
                responses.get(0).body().get("id").asString());
        assertThat(responses.stream().filter(r -> !r.headers().containsKey("idempotent-replayed"))).hasSize(1);
        assertThat(documents(s)).isEqualTo(1);
        assertThat(recorded(s.tenant().tenantId())).isEqualTo(1);
    }

    @Test
    void aFailedRequestLeavesTheKeyFreeForTheRetry() {
        Setup s = tenantWithClient("Fix and retry");
        String bad = "{\"kind\": \"invoice\", \"clientId\": \"" + s.clientId()
                + "\", \"currency\": \"EURO\", \"lines\": [{\"description\": \"x\", \"unitPrice\": 1}]}";

        Api.Response failed = act(s.tenant().apiKey(), "create-document", bad, "retry-key");
        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.body().get("detail").asString()).startsWith("currency:");
        assertThat(recorded(s.tenant().tenantId())).isZero();

        Api.Response fixed = act(s.tenant().apiKey(), "create-document", invoice(s.clientId(), "x"), "retry-key");
        assertThat(fixed.status()).isEqualTo(200);
        assertThat(fixed.headers()).doesNotContainKey("idempotent-replayed");
    }

    @Test
    void keysAreForgottenAfterADay() {
        Setup s = tenantWithClient("Forgetful");
        act(s.tenant().apiKey(), "create-document", invoice(s.clientId(), "Day one"), "daily");
        jdbc.sql("UPDATE action_request SET created_at = ? WHERE tenant_id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofHours(25))), s.tenant().tenantId()).update();

        // Expired but not purged yet: the key is free.
        Api.Response nextDay = act(s.tenant().apiKey(), "create-document", invoice(s.clientId(), "Day two"), "daily");
        assertThat(nextDay.status()).as(nextDay.text()).isEqualTo(200);
        assertThat(nextDay.headers()).doesNotContainKey("idempotent-replayed");
        assertThat(documents(s)).isEqualTo(2);

        jdbc.sql("UPDATE action_request SET created_at = ? WHERE tenant_id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofHours(25))), s.tenant().tenantId()).update();
        assertThat(purge.purge()).isGreaterThanOrEqualTo(1);
        assertThat(recorded(s.tenant().tenantId())).isZero();
    }

    @Test
    void anIdempotencyKeyMustBePrintableAndAtMost200Characters() {
        Setup s = tenantWithClient("Keys");
        Api.Response tooLong = act(s.tenant().apiKey(), "upsert-client", "{\"name\": \"x\"}", "k".repeat(201));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("detail").asString()).startsWith("Idempotency-Key: 1 to 200 printable");
        assertThat(act(s.tenant().apiKey(), "upsert-client", "{\"name\": \"x\"}", "k".repeat(200)).status())
                .isEqualTo(200);
    }

    /** An action that calls out (EXTERNAL) is claimed, made, then recorded; a failure frees its key. */
    @Test
    void anExternalActionIsMadeOncePerKeyAndAFailureFreesTheKey() {
        UUID tenant = api.createTenant("External").tenantId();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failNext = new AtomicInteger(1);
        Action external = new Action() {
            @Override
            public BlockSpec spec() {
                return new BlockSpec("test-external", BlockSpec.Role.ACTION, "Test", "Counts its calls.",
                        List.of(PropertySpec.required("to", PropertyType.TEXT, "To", null, "x")), "A count.");
            }

            @Override
            public Effect effect() {
                return Effect.EXTERNAL;
            }

            @Override
            public JsonNode run(ActionCall call) {
                if (failNext.getAndDecrement() > 0) {
                    throw ActionException.transientFailure("the other side answered 503", null);
                }
                return JsonNodeFactory.instance.objectNode().put("call", calls.incrementAndGet())
                        .put("key", call.idempotencyKey());
            }
        };
        JsonNode body = api.json("{\"to\": \"somewhere\"}");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> actions.invoke(tenant, external, body, "ext-1"))
                .isInstanceOf(ActionException.class).hasMessageContaining("503");
        DirectActions.Result made = actions.invoke(tenant, external, body, "ext-1");
        DirectActions.Result replayed = actions.invoke(tenant, external, body, "ext-1");

        assertThat(made.replayed()).isFalse();
        assertThat(made.body().get("key").asString()).isEqualTo("api:ext-1");
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.body()).isEqualTo(made.body());
        assertThat(calls.get()).isEqualTo(1);
    }

    private static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
