package dev.passerelle.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.TestInboxHandlers;
import dev.passerelle.support.Ids;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;

/**
 * The console's events pages over HTTP as a signed-in user: filters, the detail with attempts and
 * payload, replay one, replay all dead after a confirmation, CSRF, and another tenant's events.
 * Events come through the real inbox and its worker; the test handler decides their fate.
 */
@PasserelleTest
class EventPagesTest {

    @Autowired
    Api api;
    @Autowired
    Inbox inbox;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void theListFiltersByStatusSourceTypeAndDayAndRefusesAFilterThatIsNone() {
        Api.TenantKey tenant = api.createTenant("Filtres");
        UUID ok = accept(tenant, "{\"n\": 1}");
        UUID dead = accept(tenant, "{\"failAlways\": true}");
        awaitStatus(tenant, ok, InboxEvent.Status.PROCESSED);
        awaitStatus(tenant, dead, InboxEvent.Status.DEAD);
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));

        String all = member.get("/console/events").body();
        assertThat(all).contains(ok.toString(), dead.toString(), "Dead events: 1.", "downstream refused event " + dead);

        String deadOnly = member.get("/console/events?status=DEAD").body();
        assertThat(deadOnly).contains(dead.toString()).doesNotContain(ok.toString());
        assertThat(member.get("/console/events?status=PROCESSED&source=test").body()).contains(ok.toString())
                .doesNotContain(dead.toString());
        assertThat(member.get("/console/events?source=woocommerce").body()).contains("No event matches.")
                .doesNotContain(ok.toString());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(member.get("/console/events?from=" + today + "&to=" + today).body()).contains(ok.toString(),
                dead.toString());
        assertThat(member.get("/console/events?from=" + tomorrow).body()).contains("No event matches.");

        // The sender's topic, as WooCommerce's receiver keeps it: matched whole, never as a pattern.
        UUID updated = accept(tenant, "{}", Map.of("x-wc-webhook-topic", "order.updated"));
        UUID created = accept(tenant, "{}", Map.of("x-wc-webhook-topic", "order.created"));
        assertThat(member.get("/console/events?type=order.updated").body()).contains(updated.toString(),
                "order.updated").doesNotContain(created.toString(), ok.toString());
        assertThat(member.get("/console/events?type=order.").body()).contains("No event matches.");
        assertThat(member.get("/console/events?type=%25").body()).contains("No event matches.");
        assertThat(member.get("/console/events?type=order_updated").body()).contains("No event matches.");

        ConsoleClient.Page badStatus = member.get("/console/events?status=LOST");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body()).contains("role=\"alert\"", "status: one of FAILING, DEAD");
        ConsoleClient.Page badDay = member.get("/console/events?from=31/01/2026");
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.body()).contains("from: a date");
        assertThat(member.get("/console/events?from=" + tomorrow + "&to=" + today).body())
                .contains("from: must not be after to");
        // Ids the page cannot read: a page, not the API's problem+json.
        ConsoleClient.Page noSuchId = member.get("/console/events/not-an-id");
        assertThat(noSuchId.status()).isEqualTo(404);
        assertThat(noSuchId.headers().get("content-type").get(0)).startsWith("text/html");
        ConsoleClient.Page badCursor = member.get("/console/events?before=not-an-id");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.body()).contains("before: not a valid value");
    }

    @Test
    void anEventWaitingForARetryIsFailingAndItsPagePollsUntilItSettles() {
        Api.TenantKey tenant = api.createTenant("Échecs");
        UUID id = accept(tenant, "{\"failAlways\": true}");
        awaitStatus(tenant, id, InboxEvent.Status.DEAD);
        // The row a failed attempt leaves under the production schedule: pending, its retry an hour away
        // (the test profile retries within milliseconds, too fast to look at).
        jdbc.sql("UPDATE inbox_event SET status = 'PENDING', attempts = 1, next_attempt_at = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().plus(Duration.ofHours(1))), id).update();
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        assertThat(owner.get("/console/events?status=FAILING").body()).contains(id.toString(),
                "Failing (waiting for a retry)");
        assertThat(owner.get("/console/events?status=DEAD").body()).doesNotContain(id.toString());
        String page = owner.get("/console/events/" + id).body();
        assertThat(page).contains("Next attempt", "downstream refused event " + id, "FAILED")
                .contains("hx-get=\"/console/events/" + id + "/state\"", "hx-trigger=\"every 2s\"");
        // Pending events cannot be replayed: no button, and the action is refused.
        assertThat(page).doesNotContain("id=\"replay\"");
        ConsoleClient.Page refused = owner.submit("/console/events/" + id, "/console/events/" + id + "/replay", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("only processed or dead events can be replayed");
    }

    @Test
    void theDetailShowsEveryAttemptAndThePayloadPrettyPrintedAndEscaped() {
        Api.TenantKey tenant = api.createTenant("Détail");
        UUID id = accept(tenant, "{\"failTimes\": 1, \"note\": \"<script>alert(1)</script>\", \"total\": 24.20}");
        awaitStatus(tenant, id, InboxEvent.Status.PROCESSED);
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        ConsoleClient.Page detail = owner.get("/console/events/" + id);

        assertThat(detail.status()).isEqualTo(200);
        String body = detail.body();
        assertThat(body).contains("Processed", "transient failure on attempt 1", "SUCCEEDED", "FAILED", "UTC");
        // Indented, the decimal as sent, and the markup shown as text, never run.
        assertThat(body).contains("{\n  &quot;failTimes&quot; : 1,", "&quot;total&quot; : 24.20")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)</script>");
        // Settled: nothing polls it any more.
        assertThat(body).doesNotContain("hx-trigger");
        assertThat(owner.get("/console/events/" + id + "/state").body()).contains("Processed")
                .doesNotContain("<html");
    }

    @Test
    void replayingOneEventRunsItAgainOnceAndNeedsTheFormsToken() {
        Api.TenantKey tenant = api.createTenant("Rejouer");
        UUID id = accept(tenant, "{}");
        awaitStatus(tenant, id, InboxEvent.Status.PROCESSED);
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));
        String path = "/console/events/" + id;

        assertThat(member.post(path + "/replay", Map.of()).status()).as("no CSRF token").isEqualTo(403);
        assertThat(TestInboxHandlers.SUCCESSES.get(id).get()).isEqualTo(1);

        ConsoleClient.Page replayed = member.submit(path, path + "/replay", Map.of());

        assertThat(replayed.status()).isEqualTo(302);
        assertThat(replayed.location()).endsWith(path + "?replayed");
        await().atMost(Duration.ofSeconds(20)).until(() -> TestInboxHandlers.SUCCESSES.get(id).get() == 2);
        awaitStatus(tenant, id, InboxEvent.Status.PROCESSED);
        assertThat(member.get(path + "?replayed").body()).contains("The event is queued again.");
    }

    @Test
    void replayingEveryDeadEventAsksFirstWithTheCountThenQueuesThemAll() {
        Api.TenantKey tenant = api.createTenant("Tous les morts");
        UUID first = accept(tenant, "{\"failAlways\": true}");
        UUID second = accept(tenant, "{\"failAlways\": true}");
        awaitStatus(tenant, first, InboxEvent.Status.DEAD);
        awaitStatus(tenant, second, InboxEvent.Status.DEAD);
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        String confirm = owner.get("/console/events/replay-dead").body();
        assertThat(confirm).contains("2 dead event(s) will be worked again", "Replay 2 event(s)", "Cancel");
        assertThat(owner.post("/console/events/replay-dead", Map.of()).status()).isEqualTo(403);
        assertThat(inbox.trouble(tenant.tenantId()).dead()).isEqualTo(2);

        TestInboxHandlers.HEALED.add(first);
        TestInboxHandlers.HEALED.add(second);
        ConsoleClient.Page done = owner.submit("/console/events/replay-dead", "/console/events/replay-dead", Map.of());

        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith("/console/events?replayed=2");
        awaitStatus(tenant, first, InboxEvent.Status.PROCESSED);
        awaitStatus(tenant, second, InboxEvent.Status.PROCESSED);
        assertThat(owner.get("/console/events?replayed=2").body()).contains("2 dead event(s) are queued again.");
        assertThat(owner.get("/console/events/replay-dead").body()).contains("No event is dead.");

        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(ConsoleAccounts.active(api, tenant, "MEMBER").email(), ConsoleAccounts.PASSWORD);
        assertThat(french.get("/console/events").body()).contains("lang=\"fr\"", "Événements", "Traité");
    }

    @Test
    void anotherTenantsEventIsNotFoundThroughTheConsoleAndOperatorsAndMembersKeepToTheirAreas() {
        Api.TenantKey a = api.createTenant("Tenant A events");
        Api.TenantKey b = api.createTenant("Tenant B events");
        UUID ofA = accept(a, "{\"failAlways\": true}");
        awaitStatus(a, ofA, InboxEvent.Status.DEAD);
        ConsoleClient userOfB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        assertThat(userOfB.get("/console/events").body()).doesNotContain(ofA.toString());
        assertThat(userOfB.get("/console/events/" + ofA).status()).isEqualTo(404);
        assertThat(userOfB.get("/console/events/" + ofA + "/state").status()).isEqualTo(404);
        ConsoleClient.Page replay = userOfB.submit("/console/events", "/console/events/" + ofA + "/replay", Map.of());
        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.body()).doesNotContain(ofA.toString(), "downstream refused");
        ConsoleClient.Page all = userOfB.submit("/console/events/replay-dead", "/console/events/replay-dead", Map.of());
        assertThat(all.location()).endsWith("replayed=0");
        assertThat(inbox.find(a.tenantId(), ofA).orElseThrow().status()).isEqualTo(InboxEvent.Status.DEAD);

        for (String ops : new String[] {"/ops", "/ops/tenants", "/ops/routes", "/ops/secrets"}) {
            assertThat(userOfB.get(ops).status()).as(ops).isEqualTo(403);
        }
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.get("/console/events").status()).isEqualTo(403);
        assertThat(operator.get("/console/events/" + ofA).status()).isEqualTo(403);
    }

    private UUID accept(Api.TenantKey tenant, String body) {
        return accept(tenant, body, Map.of());
    }

    private UUID accept(Api.TenantKey tenant, String body, Map<String, String> headers) {
        return inbox.accept(new InboundEvent(tenant.tenantId(), TestInboxHandlers.SOURCE, Ids.newId(),
                "console-" + UUID.randomUUID(), "application/json", headers, body.getBytes(StandardCharsets.UTF_8)))
                .eventId();
    }

    private void awaitStatus(Api.TenantKey tenant, UUID id, InboxEvent.Status status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> inbox.find(tenant.tenantId(), id).orElseThrow().status() == status);
    }
}
