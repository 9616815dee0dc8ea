package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** Pipelines, cards and tasks through the API, and the events automations trigger on. */
@PasserelleTest
class PipelinesAndTasksTest {

    @Autowired
    Api api;

    @Test
    void cards_are_one_per_client_and_pipeline_moved_listed_by_stage_with_their_history() {
        AutomationFixtures t = new AutomationFixtures(api, "Cards Co", "c@client.example");
        JsonNode pipeline = AutomationFixtures.ok(api.post("/api/v1/pipelines", t.key(), Map.of("name", "Deals",
                "stages", List.of("Lead", "Quoted", "Won"))), 201);
        assertThat(pipeline.get("stages").findValues("name").stream().map(JsonNode::asString).toList())
                .containsExactly("Lead", "Quoted", "Won");
        String pid = pipeline.get("id").asString();
        JsonNode card = AutomationFixtures.ok(api.post("/api/v1/pipelines/" + pid + "/cards", t.key(),
                Map.of("clientId", t.clientId)), 201);
        assertThat(card.get("stage").asString()).isEqualTo("Lead");
        assertThat(api.post("/api/v1/pipelines/" + pid + "/cards", t.key(), Map.of("clientId", t.clientId)).status())
                .isEqualTo(409);
        String cardId = card.get("id").asString();
        JsonNode moved = AutomationFixtures.ok(api.post("/api/v1/pipelines/Deals/cards/" + cardId + "/move", t.key(),
                Map.of("stage", "quoted")), 200);
        assertThat(moved.get("stage").asString()).isEqualTo("Quoted");
        Api.Response bad = api.post("/api/v1/pipelines/Deals/cards/" + cardId + "/move", t.key(), Map.of("stage", "Lost"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asString()).contains("no stage 'Lost'").contains("Lead, Quoted, Won");

        assertThat(t.get("/api/v1/pipelines/Deals/cards?stage=Lead").get("items")).isEmpty();
        assertThat(t.get("/api/v1/pipelines/Deals/cards?stage=Quoted").get("items")).hasSize(1);
        JsonNode history = t.get("/api/v1/pipelines/Deals/cards/" + cardId).get("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(1).get("fromStage").asString()).isEqualTo("Lead");
        assertThat(history.get(1).get("toStage").asString()).isEqualTo("Quoted");
        assertThat(history.get(1).get("actor").asString()).isEqualTo("api");
        JsonNode event = t.get("/api/v1/domain-events?type=card.moved").get("items").get(0);
        assertThat(event.get("subjectId").asString()).isEqualTo(cardId);
        assertThat(event.get("payload").get("fromStage").asString()).isEqualTo("Lead");
        assertThat(event.get("payload").get("clientId").asString()).isEqualTo(t.clientId);
    }

    @Test
    void a_task_reminds_its_assignee_at_the_due_time_and_finishing_it_publishes_task_done() {
        AutomationFixtures t = new AutomationFixtures(api, "Tasks Co", "t@client.example");
        Instant due = Instant.now().plusSeconds(2);
        JsonNode task = AutomationFixtures.ok(api.post("/api/v1/tasks", t.key(), Map.of("title", "Call Camille",
                "notes", "About the quote", "dueAt", due.toString(), "assignee", "Alex@Tasks-Co.example",
                "clientId", t.clientId)), 201);
        AutomationFixtures.ok(api.post("/api/v1/tasks", t.key(), Map.of("title", "Later",
                "dueAt", Instant.now().plus(Duration.ofDays(3)).toString(), "assignee", "bo@tasks-co.example")), 201);
        String id = task.get("id").asString();
        assertThat(task.get("assignee").asString()).isEqualTo("alex@tasks-co.example");
        assertThat(task.get("done").asBoolean()).isFalse();
        assertThat(t.get("/api/v1/tasks/" + id)).as("the answer is the row written (it is not read back)")
                .isEqualTo(task);

        JsonNode reminder = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode e : t.get("/api/v1/emails").get("items")) {
                if (e.get("subject").asString().contains("Task due: Call Camille")) {
                    return e;
                }
            }
            return null;
        }, e -> e != null);
        assertThat(reminder.get("to").get(0).get("address").asString()).isEqualTo("alex@tasks-co.example");
        assertThat(t.get("/api/v1/tasks/" + id).get("remindedAt").isNull()).isFalse();
        assertThat(t.get("/api/v1/domain-events?type=task.due").get("items")).hasSize(1);
        assertThat(Instant.now()).isAfterOrEqualTo(due);
        // Edited after its reminder, with the same due time and assignee: not reminded again.
        String remindedAt = t.get("/api/v1/tasks/" + id).get("remindedAt").asString();
        AutomationFixtures.ok(api.patch("/api/v1/tasks/" + id, t.key(), Map.of("notes", "About the signed quote")), 200);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> t.get("/api/v1/domain-events?type=task.due").get("items").size() == 1);
        assertThat(t.get("/api/v1/tasks/" + id).get("remindedAt").asString()).isEqualTo(remindedAt);

        assertThat(t.get("/api/v1/tasks?assignee=alex@tasks-co.example").get("items")).hasSize(1);
        assertThat(t.get("/api/v1/tasks?dueBefore=" + Instant.now().plus(Duration.ofDays(1))).get("items")).hasSize(1);
        assertThat(t.get("/api/v1/tasks?done=false").get("items")).hasSize(2);

        JsonNode done = AutomationFixtures.ok(api.patch("/api/v1/tasks/" + id, t.key(), Map.of("done", true)), 200);
        assertThat(done.get("done").asBoolean()).isTrue();
        AutomationFixtures.ok(api.patch("/api/v1/tasks/" + id, t.key(), Map.of("done", true)), 200);
        assertThat(t.get("/api/v1/tasks?done=true").get("items")).hasSize(1);
        JsonNode events = t.get("/api/v1/domain-events?type=task.done").get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("payload").get("title").asString()).isEqualTo("Call Camille");

        Api.Response bad = api.post("/api/v1/tasks", t.key(), Map.of("title", "x", "assignee", "not-an-address"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asString()).contains("assignee: 'not-an-address' is not an e-mail address");
    }

    @Test
    void a_french_tenants_reminder_is_in_french_with_the_task_its_client_and_document() throws Exception {
        AutomationFixtures t = new AutomationFixtures(api, "Atelier Rappel", "r@client.example");
        AutomationFixtures.ok(api.put("/api/v1/settings/company", t.key(), Map.of("name", "Atelier Rappel",
                "defaultLanguage", "fr")), 200);
        String invoice = t.document("INVOICE", t.clientId);
        String number = t.get("/api/v1/documents/" + invoice).get("number").asString();
        String assignee = "alex-" + java.util.UUID.randomUUID() + "@atelier-rappel.example";
        Instant due = Instant.now().plusSeconds(2);
        AutomationFixtures.ok(api.post("/api/v1/tasks", t.key(), Map.of("title", "Rappeler Camille",
                "notes", "Au sujet du devis.\nDemander la date de livraison.", "dueAt", due.toString(),
                "assignee", assignee, "clientId", t.clientId, "documentId", invoice)), 201);

        jakarta.mail.internet.MimeMessage m = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (jakarta.mail.internet.MimeMessage received : dev.passerelle.mail.MailTestServers.hub().getReceivedMessages()) {
                if (java.util.Arrays.stream(received.getAllRecipients()).anyMatch(a -> a.toString().equals(assignee))) {
                    return received;
                }
            }
            return null;
        }, received -> received != null);

        assertThat(m.getSubject()).isEqualTo("Tâche à faire : Rappeler Camille");
        assertThat(m.getHeader("Content-Language")).containsExactly("fr");
        String text = plainText(m).replace("\r\n", "\n");
        String shown = java.time.format.DateTimeFormatter.ofLocalizedDateTime(java.time.format.FormatStyle.LONG,
                java.time.format.FormatStyle.SHORT).withLocale(java.util.Locale.FRENCH)
                .withZone(java.time.ZoneOffset.UTC).format(due);
        assertThat(text).startsWith("Bonjour,\n\nLa tâche « Rappeler Camille » est à faire pour le " + shown + " UTC.\n\n"
                + "Camille Martin · Facture " + number + "\n\nAu sujet du devis.\nDemander la date de livraison.\n")
                .contains("Passerelle, pour Atelier Rappel");
    }

    /** The text/plain part, wherever it sits in the message. */
    private static String plainText(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    @Test
    void an_automation_triggers_on_a_finished_task() {
        AutomationFixtures t = new AutomationFixtures(api, "Task Trigger Co", "tt@client.example");
        String id = t.automation(Map.of("name", "Task done", "trigger", "task.done",
                "actions", List.of(Map.of("block", "notify-team", "properties", Map.of(
                        "subject", "Done: {{task.title}}", "body", "{{client.name}} / {{task.assignee}}")))));
        String task = AutomationFixtures.ok(api.post("/api/v1/tasks", t.key(), Map.of("title", "Send samples",
                "assignee", "kim@example.com", "clientId", t.clientId)), 201).get("id").asString();
        AutomationFixtures.ok(api.patch("/api/v1/tasks/" + task, t.key(), Map.of("done", true)), 200);
        JsonNode run = t.awaitRuns(id, 1, "DONE").get(0);
        JsonNode email = t.email(run.get("outcome").get("actions").get(0).get("result").get("id").asString());
        assertThat(email.get("subject").asString()).isEqualTo("Done: Send samples");
    }
}
