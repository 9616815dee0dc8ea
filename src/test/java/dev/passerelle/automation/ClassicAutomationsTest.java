package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * The classic automations, built through the API and run end to end: the real outbox, mail
 * outbox (GreenMail), pipelines and tasks; delays walked with the automations' movable clock.
 */
@PasserelleTest
class ClassicAutomationsTest {

    @Autowired
    Api api;

    @AfterEach
    void resetClock() {
        AutomationTestConfiguration.TIME.reset();
    }

    @Test
    void reminds_three_days_after_the_due_date_while_unpaid_and_not_once_paid() {
        AutomationFixtures t = new AutomationFixtures(api, "Reminder Co", "camille@client.example");
        String reminder = t.automation(Map.of("name", "Reminder 3 days after due", "trigger", "document.sent",
                "conditions", Map.of("documentKind", "invoice", "unpaid", true),
                "timing", Map.of("after", 3, "unit", "days", "from", "dueDate"),
                "actions", List.of(Map.of("block", "send-email", "properties", Map.of(
                        "subject", "Reminder: invoice {{document.number}}",
                        "body", "Dear {{client.name}}, {{document.total}} {{document.currency}} was due on "
                                + "{{document.dueDate}}. {{document.publicUrl}}")))));
        String unpaid = t.document("INVOICE", t.clientId);
        String paidLater = t.document("INVOICE", t.clientId);
        t.send(unpaid);
        t.send(paidLater);

        JsonNode runs = t.awaitRuns(reminder, 2, "PENDING");
        LocalDate due = LocalDate.parse(t.get("/api/v1/documents/" + unpaid).get("dueDate").asString());
        Instant expected = due.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (JsonNode run : runs) {
            assertThat(Instant.parse(run.get("scheduledFor").asString())).isEqualTo(expected);
            assertThat(run.get("eventType").asString()).isEqualTo("document.sent");
        }
        // Not before its time: the worker polls many times and leaves it.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                {
                    boolean pending = true;
                    for (JsonNode r : t.runs(reminder)) {
                        pending &= r.get("status").asString().equals("PENDING");
                    }
                    return pending;
                });

        t.pay(paidLater);
        AutomationTestConfiguration.TIME.advance(Duration.between(Instant.now(), expected).plusMinutes(1));

        JsonNode after = t.awaitRuns(reminder, 2, "DONE", "SKIPPED");
        JsonNode done = byDocument(after, unpaid);
        JsonNode skipped = byDocument(after, paidLater);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("DONE");
        assertThat(skipped.get("status").asString()).as(skipped.toString()).isEqualTo("SKIPPED");
        assertThat(skipped.get("outcome").get("skipped").asString()).contains("no longer unpaid").contains("paid");

        JsonNode email = t.email(done.get("outcome").get("actions").get(0).get("result").get("id").asString());
        String number = t.get("/api/v1/documents/" + unpaid).get("number").asString();
        assertThat(email.get("subject").asString()).isEqualTo("Reminder: invoice " + number);
        assertThat(email.get("to").get(0).get("address").asString()).isEqualTo("camille@client.example");
        assertThat(email.toString()).contains("Dear Camille Martin, 30.00 EUR was due on " + due)
                .contains("/d/");
        assertThat(Instant.parse(done.get("executedAt").asString())).isAfterOrEqualTo(expected);
    }

    @Test
    void thanks_the_customer_and_moves_the_card_to_paid_when_an_invoice_is_paid() {
        AutomationFixtures t = new AutomationFixtures(api, "Thanks Co", "jo@client.example");
        AutomationFixtures.ok(api.post("/api/v1/pipelines", t.key(), Map.of("name", "Sales",
                "stages", List.of("Lead", "Invoiced", "Paid"))), 201);
        AutomationFixtures.ok(api.post("/api/v1/pipelines/Sales/cards", t.key(), Map.of("clientId", t.clientId,
                "stage", "Invoiced")), 201);
        String thanks = t.automation(Map.of("name", "Thank you", "trigger", "document.paid",
                "actions", List.of(Map.of("block", "send-email", "properties", Map.of(
                        "subject", "Thank you for paying {{document.number}}",
                        "body", "We received {{document.total}} {{document.currency}}. {{company.name}}")))));
        String move = t.automation(Map.of("name", "Paid stage", "trigger", "document.paid",
                "actions", List.of(Map.of("block", "move-card", "properties", Map.of("pipeline", "Sales",
                        "stage", "Paid")))));
        String invoice = t.document("INVOICE", t.clientId);
        t.pay(invoice);

        JsonNode thanked = t.awaitRuns(thanks, 1, "DONE").get(0);
        JsonNode email = t.email(thanked.get("outcome").get("actions").get(0).get("result").get("id").asString());
        assertThat(email.get("subject").asString()).startsWith("Thank you for paying INV");
        assertThat(email.get("to").get(0).get("address").asString()).isEqualTo("jo@client.example");

        t.awaitRuns(move, 1, "DONE");
        JsonNode cards = t.get("/api/v1/pipelines/Sales/cards?stage=Paid").get("items");
        assertThat(cards).hasSize(1);
        JsonNode card = t.get("/api/v1/pipelines/Sales/cards/" + cards.get(0).get("id").asString());
        assertThat(card.get("clientId").asString()).isEqualTo(t.clientId);
        JsonNode history = card.get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("toStage").asString()).isEqualTo("Invoiced");
        assertThat(history.get(0).get("actor").asString()).isEqualTo("api");
        assertThat(history.get(1).get("fromStage").asString()).isEqualTo("Invoiced");
        assertThat(history.get(1).get("toStage").asString()).isEqualTo("Paid");
        assertThat(history.get(1).get("actor").asString()).isEqualTo("automation:" + move);
        assertThat(t.get("/api/v1/domain-events?type=card.moved").get("items").get(0).get("payload").get("stage")
                .asString()).isEqualTo("Paid");
    }

    @Test
    void notifies_the_team_when_an_invoice_is_viewed() {
        AutomationFixtures t = new AutomationFixtures(api, "Viewed Co", "sam@client.example");
        String notify = t.automation(Map.of("name", "Viewed", "trigger", "document.viewed",
                "actions", List.of(Map.of("block", "notify-team", "properties", Map.of(
                        "subject", "{{client.name}} opened {{document.number}}",
                        "body", "{{client.name}} looked at {{document.number}} ({{document.total}} {{document.currency}})")))));
        String invoice = t.document("INVOICE", t.clientId);
        String link = t.get("/api/v1/documents/" + invoice).get("publicUrl").asString();
        assertThat(api.get(link, null).status()).isEqualTo(200);

        JsonNode run = t.awaitRuns(notify, 1, "DONE").get(0);
        JsonNode email = t.email(run.get("outcome").get("actions").get(0).get("result").get("id").asString());
        assertThat(email.get("to").get(0).get("address").asString()).isEqualTo("team@viewed-co.example");
        assertThat(email.get("subject").asString()).startsWith("Camille Martin opened INV");
    }

    @Test
    void creates_a_follow_up_task_seven_days_after_an_order_confirmation_is_sent() {
        AutomationFixtures t = new AutomationFixtures(api, "Follow Co", "lee@client.example");
        String followUp = t.automation(Map.of("name", "Follow up", "trigger", "document.sent",
                "conditions", Map.of("documentKind", "order_confirmation"),
                "timing", Map.of("after", 7, "unit", "days"),
                "actions", List.of(Map.of("block", "create-task", "properties", Map.of(
                        "title", "Follow up {{document.number}} with {{client.name}}",
                        "assignee", "sales@follow-co.example", "dueInDays", "1")))));
        String invoice = t.document("INVOICE", t.clientId);
        String order = t.document("ORDER_CONFIRMATION", t.clientId);
        t.send(invoice);
        t.send(order);

        JsonNode pending = t.awaitRuns(followUp, 1, "PENDING").get(0);
        assertThat(pending.get("subjectId").asString()).isEqualTo(order);
        Instant scheduled = Instant.parse(pending.get("scheduledFor").asString());
        assertThat(scheduled).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(120),
                Instant.now().plus(Duration.ofDays(7)));
        // Only the order confirmation matched: the invoice's document.sent made no run.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> t.runs(followUp).size() == 1);
        assertThat(t.get("/api/v1/tasks?clientId=" + t.clientId).get("items")).isEmpty();

        AutomationTestConfiguration.TIME.advance(Duration.ofDays(7).plusMinutes(1));
        t.awaitRuns(followUp, 1, "DONE");
        JsonNode tasks = t.get("/api/v1/tasks?clientId=" + t.clientId).get("items");
        assertThat(tasks).hasSize(1);
        String number = t.get("/api/v1/documents/" + order).get("number").asString();
        assertThat(tasks.get(0).get("title").asString()).isEqualTo("Follow up " + number + " with Camille Martin");
        assertThat(tasks.get(0).get("assignee").asString()).isEqualTo("sales@follow-co.example");
        assertThat(tasks.get(0).get("documentId").asString()).isEqualTo(order);
        assertThat(tasks.get(0).get("createdBy").asString()).isEqualTo("automation:" + followUp);
        assertThat(Instant.parse(tasks.get(0).get("dueAt").asString())).isAfter(Instant.now().plus(Duration.ofDays(7)));
    }

    @Test
    void runs_only_once_per_contact() {
        AutomationFixtures t = new AutomationFixtures(api, "Once Co", "once@client.example");
        String once = t.automation(Map.of("name", "First payment", "trigger", "document.paid", "oncePerContact", true,
                "actions", List.of(Map.of("block", "notify-team", "properties", Map.of(
                        "subject", "First payment by {{client.name}}", "body", "{{document.number}}")))));
        t.pay(t.document("INVOICE", t.clientId));
        t.awaitRuns(once, 1, "DONE");
        t.pay(t.document("INVOICE", t.clientId));
        JsonNode runs = t.awaitRuns(once, 2, "DONE", "SKIPPED");
        List<String> statuses = new java.util.ArrayList<>();
        runs.forEach(r -> statuses.add(r.get("status").asString()));
        assertThat(statuses.stream().sorted().toList()).containsExactly("DONE", "SKIPPED");
        assertThat(runs.toString()).contains("already run once for this contact");
    }

    private static JsonNode byDocument(JsonNode runs, String documentId) {
        for (JsonNode r : runs) {
            if (r.get("subjectId").asString().equals(documentId)) {
                return r;
            }
        }
        throw new AssertionError("no run for " + documentId + " in " + runs);
    }
}
