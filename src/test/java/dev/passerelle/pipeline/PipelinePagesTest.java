package dev.passerelle.pipeline;

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
 * The console's pipelines over real HTTP: one made through the form, a card added and moved with
 * the board's "Move to" form (what works without JavaScript; the drag and drop posts the same form,
 * see AutomationPagesBrowserTest), read back through the API; another tenant's pipelines and cards
 * are not found; every form needs its token; French.
 */
@PasserelleTest
class PipelinePagesTest {

    @Autowired
    Api api;

    @Test
    void aPipelineIsMadeAndACardAddedAndMovedOnItsBoard() {
        Api.TenantKey tenant = api.createTenant("Pipelines Console");
        String client = client(tenant, "Hélène Faure");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, account);
        ConsoleClient.Page list = owner.get("/console/pipelines");
        assertThat(list.body()).contains("No pipeline yet.", "href=\"/console/pipelines\"", "href=\"/console/tasks\"");

        ConsoleClient.Page refused = owner.submit(list, "/console/pipelines", List.of(Map.entry("name", ""),
                Map.entry("stages", "Lead")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "name: required");
        ConsoleClient.Page twice = owner.submit(list, "/console/pipelines", List.of(Map.entry("name", "Sales"),
                Map.entry("stages", "Lead\r\nlead")));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("id=\"form-error\"", "is named twice", "value=\"Sales\"");
        ConsoleClient.Page created = owner.submit(list, "/console/pipelines", List.of(Map.entry("name", "Sales"),
                Map.entry("stages", "Lead\r\nQuoted\r\n\r\nWon\r\n")));
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        String pid = created.location().replaceAll(".*/console/pipelines/([0-9a-f-]{36})\\?done=created$", "$1");
        JsonNode pipeline = api.get("/api/v1/pipelines/" + pid, tenant.apiKey()).body();
        assertThat(pipeline.get("stages").findValues("name").stream().map(JsonNode::asString).toList())
                .containsExactly("Lead", "Quoted", "Won");
        String lead = stage(pipeline, "Lead");
        String won = stage(pipeline, "Won");
        assertThat(owner.submit(list, "/console/pipelines", List.of(Map.entry("name", "sales"),
                Map.entry("stages", "A"))).status()).isEqualTo(409);

        ConsoleClient.Page board = owner.get("/console/pipelines/" + pid + "?done=created");
        assertThat(board.body()).contains("Created.", "data-board", "data-stage=\"" + lead + "\"",
                "data-stage=\"" + won + "\"", "Hélène Faure", "/assets/board.js");
        ConsoleClient.Page card = owner.submit(board, "/console/pipelines/" + pid + "/cards", List.of(
                Map.entry("clientId", client), Map.entry("stage", lead), Map.entry("title", "Vase order")));
        assertThat(card.status()).as(card.body()).isEqualTo(302);
        JsonNode cards = api.get("/api/v1/pipelines/" + pid + "/cards", tenant.apiKey()).body().get("items");
        assertThat(cards).hasSize(1);
        String cardId = cards.get(0).get("id").asString();
        assertThat(cards.get(0).get("stage").asString()).isEqualTo("Lead");
        ConsoleClient.Page again = owner.submit(board, "/console/pipelines/" + pid + "/cards", List.of(
                Map.entry("clientId", client), Map.entry("stage", lead)));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("id=\"card-error\"", "already has a card");

        board = owner.get("/console/pipelines/" + pid + "?done=card-created");
        assertThat(board.body()).contains("Card added.", "id=\"card-" + cardId + "\"", "draggable=\"true\"", "Vase order",
                "aria-label=\"Move Hélène Faure to\"", "Move to");
        // The Move to form: the card's stage changes, the history says who moved it.
        ConsoleClient.Page moved = owner.submit(board, "/console/pipelines/" + pid + "/cards/" + cardId + "/move",
                List.of(Map.entry("stage", won)));
        assertThat(moved.status()).isEqualTo(302);
        assertThat(moved.location()).endsWith("/console/pipelines/" + pid + "?done=moved#card-" + cardId);
        JsonNode history = api.get("/api/v1/pipelines/" + pid + "/cards/" + cardId, tenant.apiKey()).body();
        assertThat(history.get("stage").asString()).isEqualTo("Won");
        assertThat(history.get("history").get(1).get("actor").asString()).isEqualTo("console:" + account.email());
        String wonColumn = owner.get("/console/pipelines/" + pid).body();
        wonColumn = wonColumn.substring(wonColumn.indexOf("data-stage=\"" + won + "\""));
        assertThat(wonColumn).contains("id=\"card-" + cardId + "\"");

        ConsoleClient.Page noSuchStage = owner.submit(board, "/console/pipelines/" + pid + "/cards/" + cardId + "/move",
                List.of(Map.entry("stage", "Lost")));
        assertThat(noSuchStage.status()).isEqualTo(400);
        assertThat(noSuchStage.body()).contains("id=\"move-error\"", "has no stage 'Lost'".replace("'", "&#39;"));
        assertThat(owner.get("/console/pipelines").body()).contains("Sales", "Lead, Quoted, Won");
    }

    @Test
    void anotherTenantsPipelinesAndCardsAreNotFoundEveryFormNeedsItsTokenAndItSpeaksFrench() {
        Api.TenantKey a = api.createTenant("Pipelines A");
        Api.TenantKey b = api.createTenant("Pipelines B");
        String clientOfA = client(a, "Secret client of A");
        String pidA = api.post("/api/v1/pipelines", a.apiKey(), Map.of("name", "Deals of A",
                "stages", List.of("Lead", "Won"))).body().get("id").asString();
        String cardOfA = api.post("/api/v1/pipelines/" + pidA + "/cards", a.apiKey(), Map.of("clientId", clientOfA))
                .body().get("id").asString();
        String pidB = api.post("/api/v1/pipelines", b.apiKey(), Map.of("name", "Deals of B",
                "stages", List.of("Lead", "Won"))).body().get("id").asString();
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        assertThat(ownerB.get("/console/pipelines").body()).contains("Deals of B").doesNotContain("Deals of A");
        ConsoleClient.Page boardOfA = ownerB.get("/console/pipelines/" + pidA);
        assertThat(boardOfA.status()).isEqualTo(404);
        assertThat(boardOfA.body()).doesNotContain("Secret client of A");
        assertThat(ownerB.get("/console/pipelines/not-an-id").status()).isEqualTo(404);
        ConsoleClient.Page page = ownerB.get("/console/pipelines/" + pidB);
        assertThat(page.body()).doesNotContain("Secret client of A");
        for (String path : List.of(pidA + "/cards/" + cardOfA + "/move", pidB + "/cards/" + cardOfA + "/move",
                pidA + "/cards")) {
            ConsoleClient.Page refused = ownerB.submit(page, "/console/pipelines/" + path,
                    List.of(Map.entry("stage", "Won"), Map.entry("clientId", clientOfA)));
            assertThat(refused.status()).as(path).isEqualTo(404);
            assertThat(refused.body()).as(path).doesNotContain("Secret client of A");
        }
        // A's client is not B's to put on B's board.
        ConsoleClient.Page notB = ownerB.submit(page, "/console/pipelines/" + pidB + "/cards",
                List.of(Map.entry("clientId", clientOfA)));
        assertThat(notB.status()).isEqualTo(400);
        assertThat(notB.body()).contains("no client " + clientOfA + " in this account");
        JsonNode cardA = api.get("/api/v1/pipelines/" + pidA + "/cards/" + cardOfA, a.apiKey()).body();
        assertThat(cardA.get("stage").asString()).isEqualTo("Lead");
        assertThat(cardA.get("history")).hasSize(1);

        ConsoleClient ownerA = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, a, "OWNER"));
        String won = stage(api.get("/api/v1/pipelines/" + pidA, a.apiKey()).body(), "Won");
        assertThat(ownerA.post("/console/pipelines/" + pidA + "/cards/" + cardOfA + "/move", Map.of("stage", won))
                .status()).isEqualTo(403);
        assertThat(ownerA.post("/console/pipelines", Map.of("name", "No token", "stages", "A")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/pipelines/" + pidA + "/cards/" + cardOfA, a.apiKey()).body().get("stage").asString())
                .isEqualTo("Lead");

        ConsoleClient fr = new ConsoleClient(api, "fr");
        ConsoleAccounts.Account member = ConsoleAccounts.active(api, a, "MEMBER");
        assertThat(fr.signIn(member.email(), member.password()).status()).isEqualTo(302);
        assertThat(fr.get("/console/pipelines").body()).contains("lang=\"fr\"", "Pipelines", "Nouveau pipeline",
                "Étapes, dans l&#39;ordre", "Tâches", "Automatisations");
        ConsoleClient.Page board = fr.get("/console/pipelines/" + pidA);
        assertThat(board.body()).contains("Déplacer vers", "Nouvelle carte", "Faites glisser une carte",
                "Secret client of A");
        // A member moves cards (the API has no owner-only rule for pipelines).
        assertThat(fr.submit(board, "/console/pipelines/" + pidA + "/cards/" + cardOfA + "/move",
                List.of(Map.entry("stage", won))).status()).isEqualTo(302);
        assertThat(fr.get("/console/pipelines/" + pidA + "?done=moved").body()).contains("Carte déplacée.");

        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.get("/console/pipelines").status()).isEqualTo(403);
        assertThat(operator.get("/console/tasks").status()).isEqualTo(403);
    }

    private String client(Api.TenantKey tenant, String name) {
        Api.Response r = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", name,
                "emails", List.of(java.util.UUID.randomUUID() + "@client.example")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    private static String stage(JsonNode pipeline, String name) {
        for (JsonNode s : pipeline.get("stages")) {
            if (s.get("name").asString().equals(name)) {
                return s.get("id").asString();
            }
        }
        throw new AssertionError("no stage " + name + " in " + pipeline);
    }
}
