package dev.passerelle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The console's tasks over real HTTP: open ones soonest due first, an overdue one marked, with the
 * client and document each is about; marked done and added through the forms, read back through
 * the API; another tenant's are not found; every form needs its token; French.
 */
@PasserelleTest
class TaskPagesTest {

    @Autowired
    Api api;

    @Test
    void openTasksShowTheirDueTimesClientsAndDocumentsAndAreMarkedDone() {
        Api.TenantKey tenant = api.createTenant("Tasks Console");
        String client = ok(api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", "Hélène Faure",
                "emails", List.of("helene@tasks.example"))), 201).get("id").asString();
        JsonNode invoice = ok(api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "INVOICE",
                "clientId", client, "currency", "EUR", "lines", List.of(Map.of("description", "Vase", "quantity", 1,
                        "unitPrice", "40")))), 201);
        String documentId = invoice.get("id").asString();
        String number = ok(api.post("/api/v1/documents/" + documentId + "/issue", tenant.apiKey(), null), 200)
                .get("number").asString();
        Instant now = Instant.now();
        String late = task(tenant, Map.of("title", "Call about the late invoice", "dueAt",
                now.minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(), "clientId", client,
                "documentId", documentId));
        String soon = task(tenant, Map.of("title", "Send the catalogue", "dueAt",
                now.plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()));
        task(tenant, Map.of("title", "Someday", "notes", "No due time"));
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        ConsoleClient.Page page = owner.get("/console/tasks");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("Hélène Faure", "href=\"/console/clients/" + client + "\"",
                "href=\"/console/documents/" + documentId + "\"", number + " · Invoice", "No due time",
                "aria-label=\"Mark &quot;Send the catalogue&quot; done\"");
        // Soonest due first, those without a due time last; only the late one is overdue.
        assertThat(body.indexOf("Call about the late invoice")).isLessThan(body.indexOf("Send the catalogue"));
        assertThat(body.indexOf("Send the catalogue")).isLessThan(body.indexOf("Someday"));
        assertThat(body).containsPattern("class=\"task overdue\" id=\"task-" + late + "\"")
                .containsPattern("class=\"task\" id=\"task-" + soon + "\"");
        assertThat(body.split(">Overdue<", -1)).hasSize(2);

        ConsoleClient.Page done = owner.submit(page, "/console/tasks/" + late + "/done", List.of());
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.location()).endsWith("/console/tasks?done=done");
        JsonNode finished = ok(api.get("/api/v1/tasks/" + late, tenant.apiKey()), 200);
        assertThat(finished.get("done").asBoolean()).isTrue();
        assertThat(owner.get("/console/tasks?done=done").body()).contains("Marked done.")
                .doesNotContain("Call about the late invoice");
        assertThat(owner.get("/console/tasks?show=done").body()).contains("Call about the late invoice")
                .doesNotContain("Send the catalogue", ">Overdue<");

        // A new task: the service's refusal on the form; the due time typed is UTC.
        ConsoleClient.Page refused = owner.submit(page, "/console/tasks", List.of(Map.entry("title", "Ring"),
                Map.entry("due", ""), Map.entry("assignee", "not-an-address"), Map.entry("notes", "")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "is not an e-mail address", "value=\"Ring\"");
        ConsoleClient.Page created = owner.submit(page, "/console/tasks", List.of(Map.entry("title", "Ring the shop"),
                Map.entry("due", "2030-01-02T09:30"), Map.entry("assignee", "Team@Tasks.example"),
                Map.entry("notes", "About the order")));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        JsonNode made = null;
        for (JsonNode t : ok(api.get("/api/v1/tasks?done=false", tenant.apiKey()), 200).get("items")) {
            if (t.get("title").asString().equals("Ring the shop")) {
                made = t;
            }
        }
        assertThat(made).isNotNull();
        assertThat(made.get("dueAt").asString()).isEqualTo("2030-01-02T09:30:00Z");
        assertThat(made.get("assignee").asString()).isEqualTo("team@tasks.example");
        assertThat(owner.get("/console/tasks?done=created").body()).contains("Task added.", "Ring the shop",
                "2030-01-02 09:30:00 UTC");
    }

    @Test
    void anotherTenantsTasksAreNotFoundEveryFormNeedsItsTokenAndItSpeaksFrench() {
        Api.TenantKey a = api.createTenant("Tasks A");
        Api.TenantKey b = api.createTenant("Tasks B");
        String ofA = task(a, Map.of("title", "Secret task of A", "dueAt", Instant.now().minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS).toString()));
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));
        ConsoleClient.Page page = ownerB.get("/console/tasks?show=all");
        assertThat(page.body()).doesNotContain("Secret task of A").contains("No task.");
        ConsoleClient.Page refused = ownerB.submit(page, "/console/tasks/" + ofA + "/done", List.of());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("Secret task of A");
        assertThat(ownerB.submit(page, "/console/tasks/not-an-id/done", List.of()).status()).isEqualTo(404);
        assertThat(ok(api.get("/api/v1/tasks/" + ofA, a.apiKey()), 200).get("done").asBoolean()).isFalse();

        ConsoleClient ownerA = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, a, "OWNER"));
        assertThat(ownerA.post("/console/tasks/" + ofA + "/done", Map.of()).status()).isEqualTo(403);
        assertThat(ownerA.post("/console/tasks", Map.of("title", "No token")).status()).isEqualTo(403);
        assertThat(ok(api.get("/api/v1/tasks/" + ofA, a.apiKey()), 200).get("done").asBoolean()).isFalse();

        ConsoleClient fr = new ConsoleClient(api, "fr");
        ConsoleAccounts.Account member = ConsoleAccounts.active(api, a, "MEMBER");
        assertThat(fr.signIn(member.email(), member.password()).status()).isEqualTo(302);
        ConsoleClient.Page french = fr.get("/console/tasks");
        assertThat(french.body()).contains("lang=\"fr\"", "Tâches", "En retard", "Marquer comme faite", "Échéance",
                "Nouvelle tâche", "Secret task of A");
        // A member finishes tasks (the API has no owner-only rule for them).
        assertThat(fr.submit(french, "/console/tasks/" + ofA + "/done", List.of()).status()).isEqualTo(302);
        assertThat(fr.get("/console/tasks?done=done").body()).contains("Marquée comme faite.");
        assertThat(ok(api.get("/api/v1/tasks/" + ofA, a.apiKey()), 200).get("done").asBoolean()).isTrue();
    }

    private String task(Api.TenantKey tenant, Map<String, ?> body) {
        return ok(api.post("/api/v1/tasks", tenant.apiKey(), body), 201).get("id").asString();
    }

    private static JsonNode ok(Api.Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.body();
    }
}
