package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.events.DomainEvent;
import dev.passerelle.support.Rows;

/**
 * Matching reads a batch's automations and facts at once: each event still meets only its own tenant's,
 * and only automations that existed when it happened.
 */
@PasserelleTest
class AutomationMatcherTest {

    @Autowired
    Api api;
    @Autowired
    AutomationMatcher matcher;
    @Autowired
    JdbcClient jdbc;

    @Test
    void a_batch_of_two_tenants_events_is_matched_against_each_tenants_own_automations_and_facts() {
        AutomationFixtures a = new AutomationFixtures(api, "Batch A Co", "first@a-co.example");
        AutomationFixtures b = new AutomationFixtures(api, "Batch B Co", "first@b-co.example");
        String frenchOnly = a.automation(Map.of("name", "Bienvenue", "trigger", "client.created",
                "conditions", Map.of("clientLanguage", "fr"),
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of("title", "Call {{client.name}}")))));
        String everyone = b.automation(Map.of("name", "Welcome", "trigger", "client.created",
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of("title", "Call {{client.name}}")))));
        String frenchOfA = a.client("Zoé Martin", "zoe@a-co.example", "fr");
        String englishOfA = a.client("John Smith", "john@a-co.example", "en");
        String englishOfB = b.client("Jane Doe", "jane@b-co.example", "en");

        List<DomainEvent> batch = clientCreated(frenchOfA, englishOfA, englishOfB);
        assertThat(batch).hasSize(3);

        List<AutomationStore.NewRun> runs = matcher.match(batch);

        assertThat(runs).extracting(r -> r.automationId().toString(), r -> r.clientId().toString())
                .as("A's French client meets A's condition; A's English one does not; B's meets B's only")
                .containsExactlyInAnyOrder(tuple(frenchOnly, frenchOfA), tuple(everyone, englishOfB));

        // Definitions are kept parsed between matches: an edit must be seen by the next one.
        AutomationFixtures.ok(api.put("/api/v1/automations/" + frenchOnly, a.key(), Map.of("name", "Welcome",
                "trigger", "client.created", "conditions", Map.of("clientLanguage", "en"),
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of("title", "Call {{client.name}}"))))),
                200);
        assertThat(matcher.match(batch)).extracting(r -> r.automationId().toString(), r -> r.clientId().toString())
                .as("after the edit, A's English client meets A's condition")
                .containsExactlyInAnyOrder(tuple(frenchOnly, englishOfA), tuple(everyone, englishOfB));
    }

    @Test
    void an_event_older_than_the_automation_is_not_matched_by_it() {
        AutomationFixtures t = new AutomationFixtures(api, "Before Co", "first@before-co.example");
        String before = t.client("Early Bird", "early@before-co.example", "en");
        String automation = t.automation(Map.of("name", "Welcome", "trigger", "client.created",
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of("title", "Call {{client.name}}")))));
        String after = t.client("Late Comer", "late@before-co.example", "en");

        List<DomainEvent> batch = clientCreated(before, after);
        assertThat(batch).hasSize(2);

        // Both events in one batch, as when the older one was still in the outbox when the automation was made.
        assertThat(matcher.match(batch)).extracting(r -> r.automationId().toString(), r -> r.clientId().toString())
                .as("the client made before the automation gets no run; the one made after does")
                .containsExactly(tuple(automation, after));
    }

    /** The clients' {@code client.created} events, oldest first, as the outbox would deliver them. */
    private List<DomainEvent> clientCreated(String... clients) {
        return jdbc.sql("""
                SELECT id, tenant_id, type, subject_id, payload, occurred_at FROM domain_event
                WHERE type = 'client.created' AND subject_id IN (:clients) ORDER BY occurred_at""")
                .param("clients", java.util.Arrays.stream(clients).map(UUID::fromString).toList())
                .query((rs, i) -> new DomainEvent(Rows.uuid(rs, "id"), Rows.uuid(rs, "tenant_id"), rs.getString("type"),
                        Rows.uuid(rs, "subject_id"), rs.getString("payload"), Rows.instant(rs, "occurred_at")))
                .list();
    }
}
