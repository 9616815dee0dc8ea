package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * Delayed runs worked by several workers at once (as several instances would), and a worker that
 * died after its action committed but before it marked the run done: every action happens once.
 */
@PasserelleTest
class ExactlyOnceTest {

    private static final int CLIENTS = 30;

    @Autowired
    Api api;
    @Autowired
    AutomationWorker worker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AutomationStore store;

    @AfterEach
    void resetClock() {
        AutomationTestConfiguration.TIME.reset();
    }

    @Test
    void concurrent_workers_and_a_crashed_one_make_each_action_happen_once() throws Exception {
        AutomationFixtures t = new AutomationFixtures(api, "Once Only Co", "first@client.example");
        awaitMatched(t); // the fixture's own client is not for the automation made next (seen: matched late, a 31st task)
        String id = t.automation(Map.of("name", "Welcome call", "trigger", "client.created",
                "timing", Map.of("after", 1, "unit", "hours"),
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of(
                        "title", "Call {{client.name}}", "assignee", "team@once.example")))));
        for (int i = 0; i < CLIENTS; i++) {
            t.client("Client " + i, "c" + i + "@once.example", "en");
        }
        t.awaitRuns(id, CLIENTS, "PENDING");

        AutomationTestConfiguration.TIME.advance(Duration.ofHours(1).plusMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> drains = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                drains.add(pool.submit(worker::drain));
            }
            for (Future<Integer> d : drains) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode runs = t.awaitRuns(id, CLIENTS, "DONE");
        assertThat(tasks(t)).hasSize(CLIENTS);

        // A worker that died after its action committed and before it marked the run: the lease runs
        // out, another worker takes the run again and finds the action recorded.
        UUID run = UUID.fromString(runs.get(0).get("id").asString());
        jdbc.sql("""
                UPDATE automation_run SET status = 'RUNNING', outcome = NULL, executed_at = NULL, claim_token = ?,
                       locked_until = ? WHERE id = ?""")
                .params(UUID.randomUUID(), Timestamp.from(Instant.now().minusSeconds(1)), run).update();
        worker.drain();
        JsonNode again = t.get("/api/v1/automations/" + id + "/runs/" + run);
        assertThat(again.get("status").asString()).isEqualTo("DONE");
        assertThat(again.get("attempts").asInt()).isEqualTo(2);
        assertThat(again.get("outcome").get("actions").get(0).get("result").get("title").asString())
                .startsWith("Call Client");
        assertThat(tasks(t)).hasSize(CLIENTS);

        // The same events delivered again (the outbox is at least once) schedule nothing new.
        int redelivered = jdbc.sql("""
                UPDATE event_delivery SET status = 'PENDING', next_attempt_at = ?
                WHERE subscriber = 'automations' AND event_id IN (SELECT id FROM domain_event WHERE tenant_id = ?
                                                                  AND subject_id <> ?)""")
                .params(Timestamp.from(Instant.now()), t.tenant.tenantId(), UUID.fromString(t.clientId)).update();
        // The fixture's own client is left out: its event, older than the automation, may have been
        // delivered to the matcher too (when another test's automation made it want client.created).
        assertThat(redelivered).as("one client.created each").isEqualTo(CLIENTS);
        awaitMatched(t);
        assertThat(t.runs(id)).hasSize(CLIENTS);
        assertThat(tasks(t)).hasSize(CLIENTS);
    }

    @Test
    void a_run_that_fails_half_way_leaves_nothing_of_its_own_and_the_rest_of_its_batch_is_kept() {
        AutomationFixtures t = new AutomationFixtures(api, "Half Way Co", "first@half.example");
        awaitMatched(t);
        String id = t.automation(Map.of("name", "Two tasks", "trigger", "client.created",
                "timing", Map.of("after", 1, "unit", "hours"),
                "actions", List.of(
                        Map.of("block", "create-task", "properties", Map.of("title", "Call {{client.name}}")),
                        // blank for a client without a company: the step fails after the first one wrote its task
                        Map.of("block", "create-task", "properties", Map.of("title", "{{client.company}}")))));
        List<String> withoutCompany = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "Client " + i,
                    "emails", List.of("h" + i + "@half.example")));
            if (i % 2 == 0) {
                body.put("company", "Company " + i);
            }
            String client = AutomationFixtures.ok(api.post("/api/v1/clients", t.key(), body), 201).get("id").asString();
            ours.add(client);
            if (i % 2 == 1) {
                withoutCompany.add(client);
            }
        }
        t.awaitRuns(id, 4, "PENDING");

        AutomationTestConfiguration.TIME.advance(Duration.ofHours(1).plusMinutes(1));
        worker.drain();

        // (the fixture's own first client may have its run too, as the first test explains: left out)
        List<JsonNode> runs = t.awaitRuns(id, 4, "DONE", "FAILED").valueStream()
                .filter(r -> ours.contains(r.get("clientId").asString())).toList();
        assertThat(runs.stream().map(r -> r.get("status").asString()).sorted())
                .containsExactly("DONE", "DONE", "FAILED", "FAILED");
        assertThat(runs.stream().filter(r -> r.get("status").asString().equals("FAILED")))
                .allSatisfy(r -> assertThat(r.get("error").asString()).contains("title"));
        assertThat(tasks(t)).containsExactlyInAnyOrder("Call Client 0", "Company 0", "Call Client 2",
                "Company 2");
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM automation_effect WHERE run_id IN
                (SELECT id FROM automation_run WHERE automation_id = ? AND status = 'FAILED')""")
                .param(UUID.fromString(id)).query(Long.class).single()).as("a failed run's first step undone").isZero();

        String without = withoutCompany.get(1);
        // Given a company, a failed run replayed does both of its steps, once each.
        AutomationFixtures.ok(api.put("/api/v1/clients/" + without, t.key(), Map.of("name", "Client 3",
                "company", "Company 3", "emails", List.of("h3@half.example"))), 200);
        JsonNode failed = runs.stream().filter(r -> r.get("status").asString().equals("FAILED"))
                .filter(r -> r.get("clientId").asString().equals(without)).findFirst().orElseThrow();
        AutomationFixtures.ok(api.post("/api/v1/automations/" + id + "/runs/" + failed.get("id").asString() + "/replay",
                t.key(), null), 200);
        worker.drain();
        t.awaitRuns(id, 3, "DONE");
        assertThat(tasks(t)).containsExactlyInAnyOrder("Call Client 0", "Company 0", "Call Client 2",
                "Company 2", "Call Client 3", "Company 3");
    }

    @Test
    void a_batch_learns_when_another_worker_recorded_one_of_its_effects_meanwhile() {
        // A batch records its runs' effects together at its end; one recorded by another worker in
        // between (a lease that ran out) must undo the batch, not be taken for this batch's own.
        AutomationFixtures t = new AutomationFixtures(api, "Meanwhile Co", "first@meanwhile.example");
        awaitMatched(t);
        String id = t.automation(Map.of("name", "Call", "trigger", "client.created",
                "timing", Map.of("after", 1, "unit", "hours"),
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of("title", "Call {{client.name}}")))));
        t.client("Client M", "m@meanwhile.example", "en");
        UUID run = UUID.fromString(t.awaitRuns(id, 1, "PENDING").get(0).get("id").asString());
        UUID tenant = t.tenant.tenantId();
        JsonNode result = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("title", "Call M");

        assertThat(store.recordEffects(List.of(effect(tenant, run, 0, result), effect(tenant, run, 1, result))))
                .as("both new").isTrue();
        assertThat(store.recordEffects(List.of(effect(tenant, run, 1, result), effect(tenant, run, 2, result))))
                .as("step 1 was recorded before").isFalse();
        assertThat(store.recordEffects(List.of())).isTrue();
    }

    private static AutomationStore.Effect effect(UUID tenant, UUID run, int step, JsonNode result) {
        return new AutomationStore.Effect(tenant, run, step, "create-task", result, Instant.now());
    }

    private List<String> tasks(AutomationFixtures t) {
        List<String> titles = new ArrayList<>();
        t.get("/api/v1/tasks?limit=200").get("items").forEach(task -> titles.add(task.get("title").asString()));
        return titles;
    }

    /**
     * Waits until the tenant's events so far are matched. Matching is from the outbox, so an event
     * still in it when an automation is made is matched against that automation too: the matcher
     * wants the type as soon as any tenant (another test's) has an automation for it.
     */
    private void awaitMatched(AutomationFixtures t) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                SELECT COUNT(*) FROM event_delivery WHERE subscriber = 'automations' AND status <> 'DONE'
                AND event_id IN (SELECT id FROM domain_event WHERE tenant_id = ?)""").param(t.tenant.tenantId())
                .query(Long.class).single() == 0);
    }
}
