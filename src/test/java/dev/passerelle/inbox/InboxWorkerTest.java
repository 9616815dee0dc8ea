package dev.passerelle.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.TestInboxHandlers;
import dev.passerelle.support.Ids;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class InboxWorkerTest {

    @Autowired
    Api api;
    @Autowired
    Inbox inbox;
    @Autowired
    InboxWorker worker;
    @Autowired
    InboxStore store;
    @Autowired
    InboxRoutes routes;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    Api.TenantKey tenant;
    UUID connection;

    @BeforeEach
    void tenant() {
        tenant = api.createTenant("worker test");
        connection = Ids.newId();
    }

    @Test
    void transientFailuresAreRetriedWithBackoffThenSucceedOnce() {
        UUID id = accept("{\"failTimes\": 2}");

        JsonNode event = awaitStatus(id, "PROCESSED");

        assertThat(event.get("event").get("attempts").asInt()).isEqualTo(3);
        JsonNode attempts = event.get("attempts");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("FAILED");
        assertThat(attempts.get(0).get("error").asString()).contains("transient failure on attempt 1");
        assertThat(attempts.get(2).get("outcome").asString()).isEqualTo("SUCCEEDED");
        Instant firstEnd = Instant.parse(attempts.get(0).get("finishedAt").asString());
        Instant secondStart = Instant.parse(attempts.get(1).get("startedAt").asString());
        assertThat(Duration.between(firstEnd, secondStart)).isGreaterThanOrEqualTo(Duration.ofMillis(25));
        assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).isEqualTo(1);
    }

    @Test
    void afterMaxAttemptsTheEventIsDeadWithItsLastErrorAndCanBeReplayed() {
        UUID id = accept("{\"failAlways\": true}");

        JsonNode dead = awaitStatus(id, "DEAD");
        assertThat(dead.get("event").get("attempts").asInt()).isEqualTo(3);
        assertThat(dead.get("event").get("lastError").asString()).contains("downstream refused event " + id);

        JsonNode deadList = api.get("/api/v1/events?status=DEAD", tenant.apiKey()).body();
        assertThat(deadList.get("items")).hasSize(1);

        TestInboxHandlers.HEALED.add(id);
        Api.Response replayed = api.post("/api/v1/events/replay-dead", tenant.apiKey(), null);
        assertThat(replayed.body().get("replayed").asInt()).isEqualTo(1);

        JsonNode processed = awaitStatus(id, "PROCESSED");
        assertThat(processed.get("attempts")).hasSize(4);
        assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).isEqualTo(1);
    }

    @Test
    void replayRunsAProcessedEventAgainAndRefusesOneStillPending() {
        UUID id = accept("{}");
        awaitStatus(id, "PROCESSED");

        Api.Response replay = api.post("/api/v1/events/" + id + "/replay", tenant.apiKey(), null);
        assertThat(replay.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> TestInboxHandlers.SUCCESSES.get(id).get() == 2);

        Api.Response unknown = api.post("/api/v1/events/" + UUID.randomUUID() + "/replay", tenant.apiKey(), null);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void concurrentWorkersNeverRunTheSameEventTwice() throws Exception {
        List<UUID> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 300; i++) {
                ids.add(accept("{\"n\": " + i + "}"));
            }
            List<Future<Integer>> drains = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                drains.add(pool.submit(worker::drain));
            }
            for (Future<Integer> drain : drains) {
                drain.get();
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> countStatus("PROCESSED") == ids.size());
        for (UUID id : ids) {
            assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).as("runs of %s", id).isEqualTo(1);
        }
        long successRows = jdbc.sql("""
                SELECT COUNT(*) FROM inbox_attempt a JOIN inbox_event e ON e.id = a.event_id
                WHERE e.tenant_id = ? AND a.outcome = 'SUCCEEDED'""")
                .param(tenant.tenantId()).query(Long.class).single();
        assertThat(successRows).isEqualTo(ids.size());
    }

    @Test
    void eventsOfACrashedWorkerReturnWhenTheirLeaseRunsOut() {
        // A worker claimed it, then died: the row says PROCESSING with a lease that has run out.
        // A live worker may take a fresh event first; then the simulation uses another one.
        UUID id;
        do {
            id = accept("{}");
        } while (!simulateDeadWorkerClaim(id));

        JsonNode processed = awaitStatus(id, "PROCESSED");

        assertThat(processed.get("event").get("attempts").asInt()).isEqualTo(2);
        assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).isEqualTo(1);
    }

    /**
     * A live worker keeps what it works on however long that takes: the lease (2 s in the tests)
     * is extended while the handler works 8 s, so another instance looking for expired leases
     * meanwhile (as this one does between drains) finds none.
     */
    @Test
    void aWorkerThatTakesLongerThanItsLeaseKeepsItsEvent() throws InterruptedException {
        UUID id = accept("{\"workMillis\": 8000}");
        await().atMost(Duration.ofSeconds(10)).until(() -> TestInboxHandlers.WORKING.contains(id));

        int released = 0;
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1000);
            released += tx.execute(s -> store.releaseExpiredLeases(Instant.now()));
        }

        JsonNode processed = awaitStatus(id, "PROCESSED");
        assertThat(released).isZero();

        assertThat(processed.get("event").get("attempts").asInt()).isEqualTo(1);
        assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).isEqualTo(1);
        assertThat(TestInboxHandlers.OVERLAPS).doesNotContain(id);
    }

    private boolean simulateDeadWorkerClaim(UUID id) {
        Integer updated = tx.execute(s -> jdbc.sql("""
                UPDATE inbox_event SET status = 'PROCESSING', claim_token = ?, locked_until = ?, attempts = 1
                WHERE id = ? AND status = 'PENDING'""")
                .params(Ids.newId(), java.sql.Timestamp.from(Instant.now().minusSeconds(1)), id).update());
        return updated != null && updated == 1;
    }

    @Test
    void listsFilterByStatusSourceAndTimeAndPaginate() {
        Instant before = Instant.now().minusMillis(5);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(accept("{}"));
        }
        sleepAMillisecondOrTwo();
        UUID dead = accept("{\"failAlways\": true}");
        awaitStatus(dead, "DEAD");
        for (UUID id : ids) {
            awaitStatus(id, "PROCESSED");
        }

        String base = "/api/v1/events?source=" + TestInboxHandlers.SOURCE;
        assertThat(api.get(base + "&status=PROCESSED", tenant.apiKey()).body().get("items")).hasSize(5);
        assertThat(api.get(base + "&status=DEAD", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/events?source=woocommerce", tenant.apiKey()).body().get("items")).isEmpty();
        assertThat(api.get(base + "&since=" + before, tenant.apiKey()).body().get("items")).hasSize(6);
        assertThat(api.get(base + "&until=" + before, tenant.apiKey()).body().get("items")).isEmpty();

        JsonNode page1 = api.get(base + "&limit=4", tenant.apiKey()).body();
        assertThat(page1.get("items")).hasSize(4);
        assertThat(page1.get("items").get(0).get("id").asString()).isEqualTo(dead.toString());
        JsonNode page2 = api.get(base + "&limit=4&cursor=" + page1.get("nextCursor").asString(), tenant.apiKey()).body();
        assertThat(page2.get("items")).hasSize(2);
        assertThat(page2.has("nextCursor")).isFalse();

        Api.Response badStatus = api.get("/api/v1/events?status=LOST", tenant.apiKey());
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?limit=0", tenant.apiKey()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/events?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
                tenant.apiKey()).status()).isEqualTo(400);
    }

    @Test
    void retentionPurgesOldProcessedEventsOnly() {
        UUID old = accept("{}");
        UUID dead = accept("{\"failAlways\": true}");
        awaitStatus(old, "PROCESSED");
        awaitStatus(dead, "DEAD");
        // Retention is 1h in tests.
        jdbc.sql("UPDATE inbox_event SET processed_at = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(2))), old).update();
        UUID fresh = accept("{}");
        awaitStatus(fresh, "PROCESSED");

        assertThat(routes.purge()).isGreaterThanOrEqualTo(1);

        assertThat(api.get("/api/v1/events/" + old, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/events/" + fresh, tenant.apiKey()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/events/" + dead, tenant.apiKey()).status()).isEqualTo(200);
    }

    /** Ids are ordered by millisecond; within one they are random. */
    private static void sleepAMillisecondOrTwo() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UUID accept(String json) {
        return inbox.accept(new InboundEvent(tenant.tenantId(), TestInboxHandlers.SOURCE, connection, null,
                "application/json", Map.of(), json.getBytes(StandardCharsets.UTF_8))).eventId();
    }

    private JsonNode awaitStatus(UUID id, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> status.equals(
                api.get("/api/v1/events/" + id, tenant.apiKey()).body().get("event").get("status").asString()));
        return api.get("/api/v1/events/" + id, tenant.apiKey()).body();
    }

    private long countStatus(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM inbox_event WHERE tenant_id = ? AND status = ?")
                .params(tenant.tenantId(), status).query(Long.class).single();
    }
}
