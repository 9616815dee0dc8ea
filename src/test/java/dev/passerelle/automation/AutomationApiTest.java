package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** What is refused when saved, the dry run, and a failed run replayed once it can succeed. */
@PasserelleTest
class AutomationApiTest {

    @Autowired
    Api api;

    @Test
    void refuses_actions_that_cannot_run_with_a_message_that_says_why() {
        AutomationFixtures t = new AutomationFixtures(api, "Refusals Co", "r@client.example");
        AutomationFixtures.ok(api.post("/api/v1/pipelines", t.key(), Map.of("name", "Sales",
                "stages", List.of("Lead", "Paid"))), 201);
        assertRefused(t, Map.of("name", "x", "trigger", "document.paid", "actions", List.of(Map.of("block",
                "send-email", "properties", Map.of("subject", "Hi {{client.nickname}}", "body", "b")))),
                "unknown variable {{client.nickname}}");
        assertRefused(t, Map.of("name", "x", "trigger", "document.paid", "actions", List.of(Map.of("block",
                "send-email", "properties", Map.of("subject", " ", "body", "b")))),
                "actions[0].properties.subject: empty");
        assertRefused(t, Map.of("name", "x", "trigger", "document.paid", "actions", List.of(Map.of("block",
                "notify-team", "properties", Map.of("subject", "s")))),
                "actions[0].properties.body: required");
        assertRefused(t, Map.of("name", "x", "trigger", "shop.order_received", "actions", List.of(Map.of("block",
                "send-email", "properties", Map.of("subject", "s", "body", "b")))),
                "no customer e-mail");
        assertRefused(t, Map.of("name", "x", "trigger", "document.paid", "actions", List.of(Map.of("block",
                "move-card", "properties", Map.of("pipeline", "Sales", "stage", "Won")))),
                "pipeline 'Sales' has no stage 'Won'; its stages are: Lead, Paid");
        assertRefused(t, Map.of("name", "x", "trigger", "card.moved", "actions", List.of(Map.of("block",
                "notify-team", "properties", Map.of("subject", "{{document.number}}", "body", "b")))),
                "a card.moved event is not about a document");
        assertRefused(t, Map.of("name", "x", "trigger", "document.paid", "actions", List.of(Map.of("block",
                "send-email", "properties", Map.of("to", "boss@example.com", "subject", "s", "body", "b")))),
                "use notify-team");
        assertRefused(t, Map.of("name", "x", "trigger", "document.paid", "actions", List.of(Map.of("block",
                "delete-everything"))), "'delete-everything' is not an automation's action");
        assertRefused(t, Map.of("name", "x", "trigger", "paid", "actions", List.of()), "trigger: expected a domain event type");
        assertRefused(t, Map.of("name", "x", "trigger", "client.created", "timing", Map.of("after", 2, "unit", "weeks"),
                "actions", List.of(Map.of("block", "notify-team", "properties", Map.of("subject", "s", "body", "b")))),
                "timing.unit: expected minutes, hours or days");
        assertThat(t.get("/api/v1/automations")).isEmpty();
    }

    @Test
    void a_dry_run_shows_what_would_be_sent_without_sending_it() {
        AutomationFixtures t = new AutomationFixtures(api, "Dry Co", "dry@client.example");
        String id = t.automation(Map.of("name", "Thanks", "trigger", "document.paid",
                "conditions", Map.of("totalAtLeast", 100),
                "actions", List.of(Map.of("block", "send-email", "properties", Map.of(
                        "subject", "Thanks for {{document.number}}", "body", "{{document.total}} {{document.currency}}")))));
        String invoice = t.document("INVOICE", t.clientId);
        JsonNode report = AutomationFixtures.ok(api.post("/api/v1/automations/" + id + "/test", t.key(),
                Map.of("documentId", invoice)), 200);
        String number = t.get("/api/v1/documents/" + invoice).get("number").asString();
        assertThat(report.get("conditionsHold").asBoolean()).isFalse();
        assertThat(report.get("failedCondition").asString()).isEqualTo("total 30.00 is below 100");
        JsonNode action = report.get("actions").get(0);
        assertThat(action.get("block").asString()).isEqualTo("send-email");
        assertThat(action.get("properties").get("to").asString()).isEqualTo("dry@client.example");
        assertThat(action.get("properties").get("subject").asString()).isEqualTo("Thanks for " + number);
        assertThat(action.get("properties").get("body").asString()).isEqualTo("30.00 EUR");
        assertThat(action.get("properties").get("language").asString()).isEqualTo("fr");
        assertThat(action.get("problems")).isEmpty();
        assertThat(t.runs(id)).isEmpty();
        assertThat(t.get("/api/v1/emails").get("items")).isEmpty();
    }

    @Test
    void a_run_that_cannot_act_fails_and_is_replayed_once_it_can() {
        AutomationFixtures t = new AutomationFixtures(api, "Replay Co", "first@client.example");
        String noEmail = t.client("Nomail Client", null, "en");
        String id = t.automation(Map.of("name", "Thanks", "trigger", "document.paid",
                "actions", List.of(Map.of("block", "send-email", "properties", Map.of(
                        "subject", "Thanks {{client.name}}", "body", "{{document.number}}")))));
        t.pay(t.document("INVOICE", noEmail));
        JsonNode failed = t.awaitRuns(id, 1, "FAILED").get(0);
        assertThat(failed.get("error").asString()).contains("to");
        assertThat(failed.get("executedAt").isNull()).isFalse();

        AutomationFixtures.ok(api.put("/api/v1/clients/" + noEmail, t.key(), Map.of("name", "Nomail Client",
                "emails", List.of("late@client.example"), "language", "en")), 200);
        String run = failed.get("id").asString();
        AutomationFixtures.ok(api.post("/api/v1/automations/" + id + "/runs/" + run + "/replay", t.key(), null), 200);
        JsonNode done = t.awaitRuns(id, 1, "DONE").get(0);
        JsonNode email = t.email(done.get("outcome").get("actions").get(0).get("result").get("id").asString());
        assertThat(email.get("to").get(0).get("address").asString()).isEqualTo("late@client.example");
        assertThat(api.post("/api/v1/automations/" + id + "/runs/" + run + "/replay", t.key(), null).status())
                .isEqualTo(409);
    }

    private void assertRefused(AutomationFixtures t, Map<String, Object> body, String message) {
        Api.Response r = api.post("/api/v1/automations", t.key(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asString()).contains(message);
    }
}
