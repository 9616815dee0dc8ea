package dev.passerelle.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * The console's automations over real HTTP: made through the form (the service's refusals shown at
 * the fields they name), read back through the API, turned off and on, tried, run, deleted; another
 * tenant's are not found; every form needs its token; French.
 */
@PasserelleTest
class AutomationPagesTest {

    @Autowired
    Api api;

    @Test
    void anAutomationIsMadeThroughTheFormWithTheServicesRefusalsAtTheirFieldsAndItsRunsShow() {
        AutomationFixtures t = new AutomationFixtures(api, "Automations Console", "camille@client.example");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, t.tenant, "OWNER"));
        assertThat(owner.get("/console/automations").body()).contains("No automation yet.", "href=\"/console/automations\"");
        ConsoleClient.Page blank = owner.get("/console/automations/new");
        assertThat(blank.status()).isEqualTo(200);
        assertThat(blank.body()).contains("value=\"document.paid\"", "An invoice is paid (document.paid)",
                "Email the customer", "id=\"p-send-email-subject\"", "name=\"create-task.title\"",
                "id=\"p-move-card-stage\"", "/assets/automation-form.js")
                // What the event provides is not asked for (send-email's to is the customer, create-task's client the event's).
                .doesNotContain("name=\"send-email.to\"", "name=\"create-task.clientId\"", "signingSecret");

        // Refused: each of the service's problems next to its field, the typed values kept.
        ConsoleClient.Page refused = owner.submit(blank, "/console/automations", List.of(Map.entry("name", ""),
                Map.entry("trigger", "document.paid"), Map.entry("block", "send-email"),
                Map.entry("send-email.subject", "Hello {{client.nickname}}"), Map.entry("send-email.body", ""),
                Map.entry("after", "2"), Map.entry("unit", "weeks"), Map.entry("from", "event"),
                Map.entry("active", "true")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "The automation was not saved:")
                .containsPattern("id=\"name-error\"[^>]*>name: required<")
                .containsPattern("id=\"p-send-email-subject-error\"[^>]*>[^<]*unknown variable \\{\\{client.nickname}}; known: ")
                .containsPattern("id=\"p-send-email-body-error\"[^>]*>actions\\[0].properties.body: required")
                .containsPattern("id=\"unit-error\"[^>]*>timing.unit: expected minutes, hours or days")
                .contains("aria-describedby=\"p-send-email-subject-error\"", "value=\"Hello {{client.nickname}}\"",
                        "value=\"2\"");
        ConsoleClient.Page notANumber = owner.submit(blank, "/console/automations", List.of(Map.entry("name", "x"),
                Map.entry("trigger", "client.created"), Map.entry("block", "notify-team"),
                Map.entry("notify-team.subject", "s"), Map.entry("notify-team.body", "b"), Map.entry("after", "three")));
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body()).containsPattern("id=\"after-error\"[^>]*>timing.after: a whole number");
        ConsoleClient.Page noDocument = owner.submit(blank, "/console/automations", List.of(Map.entry("name", "x"),
                Map.entry("trigger", "client.created"), Map.entry("block", "create-task"),
                Map.entry("create-task.title", "t"), Map.entry("after", "1"), Map.entry("unit", "days"),
                Map.entry("from", "dueDate"), Map.entry("documentKind", "invoice")));
        assertThat(noDocument.status()).isEqualTo(400);
        assertThat(noDocument.body()).containsPattern("id=\"from-error\"[^>]*>timing.from: dueDate needs a trigger about a document")
                .containsPattern("id=\"documentKind-error\"[^>]*>conditions: documentKind");
        AutomationFixtures.ok(api.post("/api/v1/pipelines", t.key(), Map.of("name", "Sales",
                "stages", List.of("Lead", "Paid"))), 201);
        ConsoleClient.Page noStage = owner.submit(blank, "/console/automations", List.of(Map.entry("name", "x"),
                Map.entry("trigger", "document.paid"), Map.entry("block", "move-card"),
                Map.entry("move-card.pipeline", "Sales"), Map.entry("move-card.stage", "Won")));
        assertThat(noStage.status()).isEqualTo(400);
        assertThat(noStage.body()).containsPattern("id=\"p-move-card-stage-error\"[^>]*>actions\\[0]: pipeline "
                + "&#39;Sales&#39; has no stage &#39;Won&#39;; its stages are: Lead, Paid<")
                .contains("<option value=\"Sales\">", "<option value=\"Paid\">");
        assertThat(t.get("/api/v1/automations")).isEmpty();

        // Saved: only the chosen action's fields are taken (another fieldset's typed value is not).
        ConsoleClient.Page created = owner.submit(blank, "/console/automations", List.of(Map.entry("name", "Welcome task"),
                Map.entry("trigger", "client.created"), Map.entry("block", "create-task"),
                Map.entry("create-task.title", "Call {{client.name}}"), Map.entry("create-task.notes", "Line 1\r\nLine 2"),
                Map.entry("create-task.dueInDays", "2"), Map.entry("create-task.assignee", ""),
                Map.entry("send-email.subject", "not this one"), Map.entry("after", ""), Map.entry("unit", "days"),
                Map.entry("from", "event"), Map.entry("oncePerContact", "true"), Map.entry("active", "true")));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String id = created.location().replaceAll(".*/console/automations/([0-9a-f-]{36})\\?done=created$", "$1");
        JsonNode saved = t.get("/api/v1/automations/" + id);
        assertThat(saved.get("trigger").asString()).isEqualTo("client.created");
        assertThat(saved.get("oncePerContact").asBoolean()).isTrue();
        assertThat(saved.get("active").asBoolean()).isTrue();
        JsonNode step = saved.get("actions").get(0);
        assertThat(step.get("block").asString()).isEqualTo("create-task");
        assertThat(step.get("properties").get("title").asString()).isEqualTo("Call {{client.name}}");
        assertThat(step.get("properties").get("notes").asString()).isEqualTo("Line 1\nLine 2");
        assertThat(step.get("properties").get("dueInDays").asString()).isEqualTo("2");
        assertThat(step.get("properties").has("assignee")).isFalse();
        assertThat(step.get("properties").has("subject")).isFalse();

        ConsoleClient.Page detail = owner.get("/console/automations/" + id + "?done=created");
        assertThat(detail.body()).contains("Created.", "Welcome task", "A client is added", "Create a task",
                "Call {{client.name}}", "Immediately", "None yet");

        // A client is added: the run is done, and shows on the automation's page and in the list.
        t.client("Lou Bernard", "lou@client.example", "en");
        JsonNode run = t.awaitRuns(id, 1, "DONE").get(0);
        ConsoleClient.Page withRun = owner.get("/console/automations/" + id);
        assertThat(withRun.body()).contains("id=\"runs-table\"", "client.created", ">Done<");
        assertThat(owner.get("/console/automations").body()).contains("Welcome task", "A client is added",
                "Create a task", "once per contact", ">Done<", ">On<");
        // Only a failed or skipped run is run again: a done one is refused as the API refuses it.
        ConsoleClient.Page notReplayed = owner.submit(withRun, "/console/automations/" + id + "/runs/"
                + run.get("id").asString() + "/replay", List.of());
        assertThat(notReplayed.status()).isEqualTo(409);
        assertThat(notReplayed.body()).contains("id=\"run-error\"", "only a FAILED or SKIPPED run is replayed");

        // A dry run with the first client: the title as it would be written, nothing made.
        int tasks = t.get("/api/v1/tasks").get("items").size();
        ConsoleClient.Page tried = owner.submit(withRun, "/console/automations/" + id + "/test",
                List.of(Map.entry("clientId", t.clientId)));
        assertThat(tried.status()).isEqualTo(200);
        assertThat(tried.body()).contains("id=\"report\"", "The conditions hold", "Call Camille Martin");
        assertThat(t.get("/api/v1/tasks").get("items")).hasSize(tasks);
        ConsoleClient.Page badSample = owner.submit(withRun, "/console/automations/" + id + "/test",
                List.of(Map.entry("clientId", "not-an-id")));
        assertThat(badSample.status()).isEqualTo(400);
        assertThat(badSample.body()).contains("id=\"test-error\"", "clientId: not an id");

        // Off, on, and a delay written out.
        assertThat(owner.submit(withRun, "/console/automations/" + id + "/deactivate", List.of()).location())
                .endsWith("/console/automations/" + id + "?done=deactivated");
        assertThat(t.get("/api/v1/automations/" + id).get("active").asBoolean()).isFalse();
        assertThat(owner.get("/console/automations/" + id).body()).contains(">Off<", "Turn on");
        owner.submit(withRun, "/console/automations/" + id + "/activate", List.of());
        assertThat(t.get("/api/v1/automations/" + id).get("active").asBoolean()).isTrue();
        ConsoleClient.Page reminder = owner.submit(blank, "/console/automations", List.of(Map.entry("name", "Reminder"),
                Map.entry("trigger", "document.sent"), Map.entry("block", "send-email"),
                Map.entry("send-email.subject", "Invoice {{document.number}}"),
                Map.entry("send-email.body", "{{document.balance}} is due."), Map.entry("documentKind", "invoice"),
                Map.entry("unpaid", "true"), Map.entry("after", "3"), Map.entry("unit", "days"),
                Map.entry("from", "dueDate"), Map.entry("active", "true")));
        assertThat(reminder.status()).as(reminder.body()).isEqualTo(302);
        String reminderId = reminder.location().replaceAll(".*/console/automations/([0-9a-f-]{36}).*", "$1");
        JsonNode conditions = t.get("/api/v1/automations/" + reminderId).get("conditions");
        assertThat(conditions.get("documentKind").asString()).isEqualTo("invoice");
        assertThat(conditions.get("unpaid").asBoolean()).isTrue();
        assertThat(owner.get("/console/automations").body()).contains("3 days after the due date");
        assertThat(owner.get("/console/automations/" + reminderId).body()).contains("The document is still unpaid",
                "Invoice {{document.number}}");

        // Deleted: gone from the list and the API.
        ConsoleClient.Page deleted = owner.submit(withRun, "/console/automations/" + reminderId + "/delete", List.of());
        assertThat(deleted.location()).endsWith("/console/automations?done=deleted");
        assertThat(api.get("/api/v1/automations/" + reminderId, t.key()).status()).isEqualTo(404);
        assertThat(owner.get("/console/automations?done=deleted").body()).contains("Deleted.").doesNotContain("Reminder");
    }

    @Test
    void anAutomationIsEditedThroughTheFormFilledWithItsValuesAndOneTheFormCannotHoldIsLeftToTheApi() {
        AutomationFixtures t = new AutomationFixtures(api, "Automations Edit", "edit@client.example");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, t.tenant, "OWNER"));
        String id = t.automation(Map.of("name", "Reminder", "trigger", "document.overdue",
                "conditions", Map.of("documentKind", "invoice", "unpaid", true),
                "timing", Map.of("after", 3, "unit", "days"),
                "actions", List.of(Map.of("block", "notify-team", "properties", Map.of("subject", "{{document.number}} late",
                        "body", "Call {{client.name}}")))));

        assertThat(owner.get("/console/automations/" + id).body()).contains("id=\"edit\"");
        ConsoleClient.Page form = owner.get("/console/automations/" + id + "/edit");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Edit the automation", "action=\"/console/automations/" + id + "/edit\"",
                "value=\"Reminder\"", "value=\"{{document.number}} late\"", "Call {{client.name}}", "value=\"3\"")
                .containsPattern("<option value=\"document.overdue\" selected")
                .containsPattern("<option value=\"invoice\" selected");

        // Refused: the service's problem at its field, nothing changed.
        ConsoleClient.Page refused = owner.submit(form, "/console/automations/" + id + "/edit", List.of(
                Map.entry("name", "Reminder"), Map.entry("trigger", "document.overdue"), Map.entry("block", "notify-team"),
                Map.entry("notify-team.subject", "{{document.nickname}}"), Map.entry("notify-team.body", "b")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("action=\"/console/automations/" + id + "/edit\"")
                .containsPattern("id=\"p-notify-team-subject-error\"[^>]*>[^<]*unknown variable");
        assertThat(t.get("/api/v1/automations/" + id).get("name").asString()).isEqualTo("Reminder");

        ConsoleClient.Page saved = owner.submit(form, "/console/automations/" + id + "/edit", List.of(
                Map.entry("name", "Gentle reminder"), Map.entry("trigger", "document.overdue"),
                Map.entry("block", "notify-team"), Map.entry("notify-team.subject", "{{document.number}} is late"),
                Map.entry("notify-team.body", "Call {{client.name}}"), Map.entry("after", "5"), Map.entry("unit", "days"),
                Map.entry("from", "event"), Map.entry("documentKind", "invoice"), Map.entry("active", "true")));
        assertThat(saved.location()).endsWith("/console/automations/" + id + "?done=saved");
        JsonNode after = t.get("/api/v1/automations/" + id);
        assertThat(after.get("name").asString()).isEqualTo("Gentle reminder");
        assertThat(after.get("timing").get("after").asInt()).isEqualTo(5);
        JsonNode conditions = after.get("conditions");
        assertThat(conditions.get("documentKind").asString()).isEqualTo("invoice");
        assertThat(conditions.has("unpaid") && !conditions.get("unpaid").isNull() && conditions.get("unpaid").asBoolean())
                .as("unticked: no longer only while unpaid").isFalse();
        assertThat(after.get("actions").get(0).get("properties").get("subject").asString()).isEqualTo("{{document.number}} is late");

        // Two actions (made through the API): the form would drop one, so it is not offered.
        String two = t.automation(Map.of("name", "Two steps", "trigger", "client.created", "actions", List.of(
                Map.of("block", "notify-team", "properties", Map.of("subject", "s", "body", "b")),
                Map.of("block", "create-task", "properties", Map.of("title", "Call")))));
        assertThat(owner.get("/console/automations/" + two).body()).doesNotContain("id=\"edit\"");
        assertThat(owner.get("/console/automations/" + two + "/edit").location())
                .endsWith("/console/automations/" + two + "?done=apiOnly");

        // Another tenant's automation: not found, and not changed by a post.
        AutomationFixtures other = new AutomationFixtures(api, "Automations Edit Other", "other@client.example");
        ConsoleClient stranger = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, other.tenant, "OWNER"));
        assertThat(stranger.get("/console/automations/" + id + "/edit").status()).isEqualTo(404);
        ConsoleClient.Page strangersPage = stranger.get("/console/automations/new");
        assertThat(stranger.submit(strangersPage, "/console/automations/" + id + "/edit", List.of(Map.entry("name", "Taken"),
                Map.entry("trigger", "client.created"), Map.entry("block", "notify-team"),
                Map.entry("notify-team.subject", "s"), Map.entry("notify-team.body", "b"))).status()).isEqualTo(404);
        assertThat(t.get("/api/v1/automations/" + id).get("name").asString()).isEqualTo("Gentle reminder");
        assertThat(owner.post("/console/automations/" + id + "/edit", Map.of("name", "No token")).status()).isEqualTo(403);
    }

    @Test
    void anotherTenantsAutomationIsNotFoundEveryFormNeedsItsTokenMembersMayUseItAndItSpeaksFrench() {
        AutomationFixtures a = new AutomationFixtures(api, "Automations A", "a@client.example");
        AutomationFixtures b = new AutomationFixtures(api, "Automations B", "b@client.example");
        String ofA = a.automation(Map.of("name", "Secret rule of A", "trigger", "client.created", "actions",
                List.of(Map.of("block", "notify-team", "properties", Map.of("subject", "s", "body", "b")))));
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b.tenant, "OWNER"));

        assertThat(ownerB.get("/console/automations").body()).doesNotContain("Secret rule of A");
        assertThat(ownerB.get("/console/automations/" + ofA).status()).isEqualTo(404);
        assertThat(ownerB.get("/console/automations/not-an-id").status()).isEqualTo(404);
        ConsoleClient.Page page = ownerB.get("/console/automations");
        for (String action : List.of("activate", "deactivate", "delete", "test",
                "runs/" + java.util.UUID.randomUUID() + "/replay")) {
            ConsoleClient.Page refused = ownerB.submit(page, "/console/automations/" + ofA + "/" + action,
                    List.of(Map.entry("clientId", a.clientId)));
            assertThat(refused.status()).as(action).isEqualTo(404);
            assertThat(refused.body()).as(action).doesNotContain("Secret rule of A");
        }
        JsonNode still = a.get("/api/v1/automations/" + ofA);
        assertThat(still.get("active").asBoolean()).isTrue();

        // Every form needs its token.
        ConsoleClient ownerA = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, a.tenant, "OWNER"));
        assertThat(ownerA.post("/console/automations/" + ofA + "/deactivate", Map.of()).status()).isEqualTo(403);
        assertThat(ownerA.post("/console/automations/" + ofA + "/delete", Map.of()).status()).isEqualTo(403);
        assertThat(ownerA.post("/console/automations", Map.of("name", "No token", "trigger", "client.created",
                "block", "notify-team", "notify-team.subject", "s", "notify-team.body", "b")).status()).isEqualTo(403);
        assertThat(a.get("/api/v1/automations")).hasSize(1);
        assertThat(a.get("/api/v1/automations/" + ofA).get("active").asBoolean()).isTrue();

        // The API has no owner-only rule for automations, so neither has the console: a member makes one, in French.
        ConsoleClient fr = new ConsoleClient(api, "fr");
        ConsoleAccounts.Account member = ConsoleAccounts.active(api, a.tenant, "MEMBER");
        assertThat(fr.signIn(member.email(), member.password()).status()).isEqualTo(302);
        assertThat(fr.get("/console/automations").body()).contains("lang=\"fr\"", "Automatisations",
                "Nouvelle automatisation", "Secret rule of A", "Un client est ajouté", "Prévenir l&#39;équipe",
                "Tout de suite");
        ConsoleClient.Page form = fr.get("/console/automations/new");
        assertThat(form.body()).contains("Écrire au client", "Une facture est payée (document.paid)", "Délai",
                "Au plus une fois par contact", "Objet");
        ConsoleClient.Page refused = fr.submit(form, "/console/automations", List.of(Map.entry("name", "x"),
                Map.entry("trigger", "client.created"), Map.entry("block", "notify-team"),
                Map.entry("notify-team.subject", "s")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("L&#39;automatisation n&#39;a pas été enregistrée",
                "id=\"p-notify-team-body-error\"");
        ConsoleClient.Page made = fr.submit(form, "/console/automations", List.of(Map.entry("name", "Par un membre"),
                Map.entry("trigger", "client.created"), Map.entry("block", "notify-team"),
                Map.entry("notify-team.subject", "Nouveau client {{client.name}}"), Map.entry("notify-team.body", "b"),
                Map.entry("after", "2"), Map.entry("unit", "hours"), Map.entry("active", "true")));
        assertThat(made.status()).as(made.body()).isEqualTo(302);
        assertThat(fr.get(made.location().replaceAll("^https?://[^/]+", "")).body()).contains("Créée.",
                "2 heures après l&#39;événement", "Exécutions", "L&#39;essayer (à blanc)");

        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.get("/console/automations").status()).isEqualTo(403);
    }
}
