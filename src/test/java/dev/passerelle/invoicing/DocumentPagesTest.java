package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * The console's documents over real HTTP as a signed-in user: the list and its filters, a
 * document's page and PDF, and its actions, each checked against what the API then answers.
 */
@PasserelleTest
class DocumentPagesTest {

    private static final Pattern ROW_LINK = Pattern.compile("href=\"/console/documents/([0-9a-f-]{36})\"");

    @Autowired
    Api api;

    /** A tenant with a client, made through the API, and a signed-in owner. */
    private final class Shop {
        final Api.TenantKey tenant;
        final String clientId;
        final ConsoleClient owner;

        Shop(String name, String clientName) {
            tenant = api.createTenant(name);
            Api.Response client = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", clientName,
                    "emails", List.of(clientName.toLowerCase().replace(' ', '.') + "@client.example"), "language", "en"));
            assertThat(client.status()).as(client.text()).isEqualTo(201);
            clientId = client.body().get("id").asString();
            owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        }

        /** An invoice of 2 × 12.50 at 20 % (30.00), issued unless {@code draft}; with an external ref when given. */
        String invoice(boolean draft, String orderId) {
            return document("INVOICE", draft, orderId, clientId);
        }

        String document(String kind, boolean draft, String orderId, String client) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", kind, "clientId", client, "currency", "EUR",
                    "lines", List.of(Map.of("description", "Bougie parfumée", "quantity", 2, "unitPrice", "12.50",
                            "taxRate", 20))));
            if (orderId != null) {
                body.put("externalRef", Map.of("source", "test", "id", orderId));
            }
            Api.Response created = api.post("/api/v1/documents", tenant.apiKey(), body);
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.body().get("id").asString();
            if (!draft) {
                assertThat(api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).status()).isEqualTo(200);
            }
            return id;
        }

        JsonNode get(String id) {
            return api.get("/api/v1/documents/" + id, tenant.apiKey()).body();
        }
    }

    @Test
    void theListFiltersByKindStatusClientDatesAndNumberOrOrderAndPages() {
        Shop shop = new Shop("Liste Console", "Alice Martin");
        String otherClient = api.post("/api/v1/clients", shop.tenant.apiKey(), Map.of("name", "Bruno Petit",
                "emails", List.of("bruno@client.example"))).body().get("id").asString();
        String draft = shop.invoice(true, null);
        String issued = shop.invoice(false, "order-727");
        String delivery = shop.document("DELIVERY_NOTE", false, null, otherClient);
        String number = shop.get(issued).get("number").asString();

        ConsoleClient.Page all = shop.owner.get("/console/documents");
        assertThat(all.status()).isEqualTo(200);
        assertThat(ids(all)).containsExactly(delivery, issued, draft);
        assertThat(all.body()).contains(number, "Alice Martin", "Bruno Petit", "Delivery note", "30.00");

        assertThat(ids(shop.owner.get("/console/documents?kind=DELIVERY_NOTE"))).containsExactly(delivery);
        assertThat(ids(shop.owner.get("/console/documents?status=DRAFT"))).containsExactly(draft);
        assertThat(ids(shop.owner.get("/console/documents?clientId=" + otherClient))).containsExactly(delivery);
        // Part of the number, in any case, or the whole order reference.
        assertThat(ids(shop.owner.get("/console/documents?q=" + number.substring(number.length() - 4).toLowerCase())))
                .contains(issued).doesNotContain(draft);
        assertThat(ids(shop.owner.get("/console/documents?q=order-727"))).containsExactly(issued);
        assertThat(ids(shop.owner.get("/console/documents?q=100%25"))).isEmpty();
        String today = shop.get(issued).get("issueDate").asString();
        assertThat(ids(shop.owner.get("/console/documents?from=" + today + "&to=" + today)))
                .containsExactlyInAnyOrder(issued, delivery);
        assertThat(ids(shop.owner.get("/console/documents?to=2000-01-01"))).isEmpty();
        assertThat(shop.owner.get("/console/documents?to=2000-01-01").body()).contains("No document matches.");

        ConsoleClient.Page refused = shop.owner.get("/console/documents?from=2026-02-01&to=2026-01-01");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "from: must not be after to");
        assertThat(shop.owner.get("/console/documents?kind=BOGUS").status()).isEqualTo(400);
        assertThat(shop.owner.get("/console/documents?from=yesterday").status()).isEqualTo(400);

        // Keyset pages of 25, the filters kept in the next page's link.
        for (int i = 0; i < DocumentPages.PAGE_SIZE; i++) {
            shop.invoice(true, null);
        }
        ConsoleClient.Page first = shop.owner.get("/console/documents?kind=INVOICE");
        assertThat(ids(first)).hasSize(DocumentPages.PAGE_SIZE).doesNotContain(draft, issued);
        Matcher next = Pattern.compile("href=\"(/console/documents\\?[^\"]*cursor=[^\"]+)\" rel=\"next\"").matcher(first.body());
        assertThat(next.find()).isTrue();
        ConsoleClient.Page second = shop.owner.get(next.group(1).replace("&amp;", "&"));
        assertThat(ids(second)).containsExactly(issued, draft);
        assertThat(second.body()).contains("First page").doesNotContain("rel=\"next\"");
    }

    @Test
    void aDocumentsPageShowsItsFactsHistoryAndPdfAndItsActionsWorkAsTheApis() {
        Shop shop = new Shop("Actions Console", "Chloé Durand");
        String id = shop.invoice(true, null);

        ConsoleClient.Page page = shop.owner.get("/console/documents/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Draft (no number yet)", "Chloé Durand", "Bougie parfumée", "30.00",
                "Issue (gives it its number)", "src=\"/console/documents/" + id + "/pdf\"", "Created");

        ConsoleClient.Page pdf = shop.owner.get("/console/documents/" + id + "/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().get("content-type").get(0)).isEqualTo("application/pdf");
        assertThat(pdf.headers().get("content-disposition").get(0)).startsWith("inline");
        assertThat(pdf.headers().get("x-frame-options")).containsExactly("SAMEORIGIN");
        assertThat(pdf.headers().get("content-security-policy")).containsExactly("frame-ancestors 'self'");
        assertThat(pdf.body()).startsWith("%PDF-");
        // The page itself keeps the console's strict headers.
        assertThat(page.headers().get("content-security-policy").get(0)).contains("frame-ancestors 'none'");

        ConsoleClient.Page issued = shop.owner.submit("/console/documents/" + id, "/console/documents/" + id + "/issue",
                Map.of());
        assertThat(issued.status()).isEqualTo(302);
        assertThat(issued.location()).endsWith("/console/documents/" + id + "?done=issued");
        JsonNode doc = shop.get(id);
        assertThat(doc.get("status").asString()).isEqualTo("ISSUED");
        String number = doc.get("number").asString();
        ConsoleClient.Page after = shop.owner.get("/console/documents/" + id + "?done=issued");
        assertThat(after.body()).contains("The document is issued.", number, "/d/", "Record a payment");
        assertThat(shop.owner.get("/console/documents/" + id + "?done=bogus").body()).doesNotContain("id=\"done\"", "??");
        JsonNode history = api.get("/api/v1/documents/" + id + "/history", shop.tenant.apiKey()).body();
        assertThat(history.get(history.size() - 1).get("actor").asString()).startsWith("console:owner-");

        // A part payment, written the French way; then one more than the balance is refused on the page.
        ConsoleClient.Page paid = shop.owner.submit("/console/documents/" + id, "/console/documents/" + id + "/payments",
                Map.of("amount", "10,00", "method", "transfer"));
        assertThat(paid.status()).isEqualTo(302);
        assertThat(shop.get(id).get("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(shop.get(id).get("balance").decimalValue()).isEqualByComparingTo("20.00");
        ConsoleClient.Page tooMuch = shop.owner.submit("/console/documents/" + id, "/console/documents/" + id + "/payments",
                Map.of("amount", "50"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.body()).contains("id=\"payment-error\"", "more than the balance", "<details open",
                "aria-describedby=\"payment-error pay-amount-hint\"");
        assertThat(shop.owner.submit("/console/documents/" + id, "/console/documents/" + id + "/payments",
                Map.of("amount", "twelve")).status()).isEqualTo(400);

        // A refund is credited once per form, however many times it is sent.
        ConsoleClient.Page form = shop.owner.get("/console/documents/" + id);
        String refundId = ConsoleClient.hidden(form, "refundId");
        List<Map.Entry<String, String>> refund = List.of(Map.entry("refundId", refundId), Map.entry("amount", "5.00"),
                Map.entry("reason", "broken candle"));
        ConsoleClient.Page credited = shop.owner.submit(form, "/console/documents/" + id + "/refunds", refund);
        assertThat(credited.status()).isEqualTo(302);
        ConsoleClient.Page again = shop.owner.submit(form, "/console/documents/" + id + "/refunds", refund);
        assertThat(again.location()).isEqualTo(credited.location());
        String noteId = credited.location().replaceAll(".*/console/documents/([0-9a-f-]{36}).*", "$1");
        JsonNode note = shop.get(noteId);
        assertThat(note.get("kind").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(note.get("total").decimalValue()).isEqualByComparingTo("-5.00");
        assertThat(note.get("lines").get(0).get("description").asString()).contains(number, "broken candle");
        assertThat(api.get("/api/v1/documents?kind=CREDIT_NOTE", shop.tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(shop.owner.get(credited.location().replaceAll("^https?://[^/]+", "")).body())
                .contains("The refund is credited by this credit note.", "Credits invoice", number);

        // Cancelling the invoice credits what is left and shows the credit note.
        ConsoleClient.Page cancelled = shop.owner.submit("/console/documents/" + id, "/console/documents/" + id + "/cancel",
                Map.of("reason", "client changed their mind"));
        assertThat(cancelled.status()).isEqualTo(302);
        assertThat(shop.get(id).get("status").asString()).isEqualTo("CANCELLED");
        String cancelNote = cancelled.location().replaceAll(".*/console/documents/([0-9a-f-]{36}).*", "$1");
        assertThat(shop.get(cancelNote).get("total").decimalValue()).isEqualByComparingTo("-25.00");
        ConsoleClient.Page cancelledPage = shop.owner.get("/console/documents/" + id);
        assertThat(cancelledPage.body()).contains("Cancelled", "client changed their mind")
                .doesNotContain("Send by email", "Record a payment");
        // A credit note cannot be cancelled: refused with the service's reason.
        ConsoleClient.Page noteRefused = shop.owner.submit("/console/documents/" + cancelNote,
                "/console/documents/" + cancelNote + "/cancel", Map.of());
        assertThat(noteRefused.status()).isEqualTo(409);
        assertThat(noteRefused.body()).contains("a credit note cannot be cancelled");
    }

    @Test
    void everyFormNeedsItsCsrfTokenAndThePagesSpeakFrench() {
        Shop shop = new Shop("Jeton Console", "Denise Roy");
        String id = shop.invoice(true, null);

        for (String action : List.of("issue", "payments", "cancel", "refunds")) {
            assertThat(shop.owner.post("/console/documents/" + id + "/" + action, Map.of()).status()).as(action)
                    .isEqualTo(403);
        }
        assertThat(shop.get(id).get("status").asString()).isEqualTo("DRAFT");

        ConsoleClient fr = new ConsoleClient(api, "fr");
        ConsoleAccounts.Account member = ConsoleAccounts.active(api, shop.tenant, "MEMBER");
        assertThat(fr.signIn(member.email(), member.password()).status()).isEqualTo(302);
        assertThat(fr.get("/console/documents").body()).contains("lang=\"fr\"", "Numéro ou référence de commande",
                "Envoyer les documents choisis par e-mail", "Brouillon");
        assertThat(fr.get("/console/documents/" + id).body()).contains("Brouillon (pas encore de numéro)", "Historique",
                "30,00");
    }

    @Test
    void anotherTenantsDocumentsAreNotFoundThroughTheConsolesOwnUrls() {
        Shop a = new Shop("Tenant A Docs", "Secret Client A");
        Shop b = new Shop("Tenant B Docs", "Client B");
        String ofA = a.invoice(false, "order-of-a");
        String numberOfA = a.get(ofA).get("number").asString();

        assertThat(b.owner.get("/console/documents").body()).doesNotContain("Secret Client A", ofA);
        assertThat(b.owner.get("/console/documents?q=order-of-a").body()).doesNotContain(ofA);
        assertThat(b.owner.get("/console/documents?clientId=" + a.clientId).body()).doesNotContain(ofA);
        for (String path : List.of("", "/pdf", "/send")) {
            ConsoleClient.Page refused = b.owner.get("/console/documents/" + ofA + path);
            assertThat(refused.status()).as(path).isEqualTo(404);
            assertThat(refused.body()).as(path).doesNotContain("Secret Client A", numberOfA);
        }
        ConsoleClient.Page page = b.owner.get("/console/documents");
        for (String action : List.of("issue", "payments", "cancel", "refunds", "send")) {
            List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(Map.entry("amount", "1"),
                    Map.entry("refundId", "console-abcdefghijkl"), Map.entry("key", "k".repeat(30)),
                    Map.entry("other", "b@b.example"), Map.entry("action", "preview")));
            ConsoleClient.Page refused = b.owner.submit(page, "/console/documents/" + ofA + "/" + action, fields);
            assertThat(refused.status()).as(action).isEqualTo(404);
            assertThat(refused.body()).as(action).doesNotContain("Secret Client A");
        }
        assertThat(a.get(ofA).get("status").asString()).isEqualTo("ISSUED");
        assertThat(a.get(ofA).get("amountPaid").decimalValue()).isEqualByComparingTo("0");
        assertThat(api.get("/api/v1/emails?documentId=" + ofA, a.tenant.apiKey()).body().get("items")).isEmpty();
        assertThat(b.owner.get("/console/documents/not-an-id").status()).isEqualTo(404);

        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.get("/console/documents").status()).isEqualTo(403);
        assertThat(operator.get("/console/documents/" + ofA + "/pdf").status()).isEqualTo(403);
    }

    private static List<String> ids(ConsoleClient.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        String table = page.body().contains("id=\"documents\"")
                ? page.body().substring(page.body().indexOf("id=\"documents\"")) : "";
        Matcher m = ROW_LINK.matcher(table);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
