package dev.passerelle.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * Each action a zap runs, through {@code POST /api/v1/actions/{block}} with a real API key: the
 * answer is the object as the API shows it, and what it did is what the API then reads.
 */
@PasserelleTest
class DirectActionsTest {

    @Autowired
    Api api;

    Api.Response act(String key, String block, Object body) {
        return api.post("/api/v1/actions/" + block, key, body);
    }

    @Test
    void upsertClientCreatesAClientAndAnswersItAsTheApiShowsIt() {
        String key = api.createTenant("Atelier Zap").apiKey();

        Api.Response created = act(key, "upsert-client", Map.of("name", "Zoë Martin", "email", "zoe@martin.example",
                "company", "Martin & Fils", "externalId", "crm-17", "source", "hubspot", "city", "Lyon", "country",
                "FR", "addressLine1", "3 rue Neuve"));

        assertThat(created.status()).as(created.text()).isEqualTo(200);
        JsonNode client = created.body();
        assertThat(client.get("name").asString()).isEqualTo("Zoë Martin");
        assertThat(client.get("emails").get(0).asString()).isEqualTo("zoe@martin.example");
        assertThat(client.get("billingAddress").get("city").asString()).isEqualTo("Lyon");
        assertThat(client.get("externalRefs").get(0).get("source").asString()).isEqualTo("hubspot");
        assertThat(client.get("externalRefs").get(0).get("id").asString()).isEqualTo("crm-17");
        assertThat(client).isEqualTo(api.get("/api/v1/clients/" + client.get("id").asString(), key).body());

        // The same e-mail again: the same client, filled in.
        Api.Response again = act(key, "upsert-client", Map.of("email", "ZOE@martin.example", "phone", "+33 4 00"));
        assertThat(again.body().get("id")).isEqualTo(client.get("id"));
        assertThat(again.body().get("phone").asString()).isEqualTo("+33 4 00");
        assertThat(again.body().get("name").asString()).isEqualTo("Zoë Martin");
    }

    @Test
    void updateClientChangesOnlyTheFieldsGiven() {
        String key = api.createTenant("Updates").apiKey();
        JsonNode client = act(key, "upsert-client", Map.of("name", "Old Name", "email", "old@example.com",
                "phone", "0102", "vatNumber", "BE0123456789", "city", "Namur", "postcode", "5000")).body();
        String id = client.get("id").asString();

        Api.Response updated = act(key, "update-client", Map.of("clientId", id, "name", "New Name",
                "email", "new@example.com", "city", "Liège", "phone", ""));

        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        JsonNode now = api.get("/api/v1/clients/" + id, key).body();
        assertThat(updated.body()).isEqualTo(now);
        assertThat(now.get("name").asString()).isEqualTo("New Name");
        assertThat(now.get("emails")).extracting(JsonNode::asString).containsExactly("new@example.com");
        assertThat(now.get("phone").asString()).as("an empty value keeps the field").isEqualTo("0102");
        assertThat(now.get("vatNumber").asString()).isEqualTo("BE0123456789");
        assertThat(now.get("billingAddress").get("city").asString()).isEqualTo("Liège");
        assertThat(now.get("billingAddress").get("postcode").asString()).isEqualTo("5000");
        // The old address no longer finds it; the new one does.
        assertThat(act(key, "find-client", Map.of("email", "old@example.com")).body()).isEmpty();
        assertThat(act(key, "find-client", Map.of("email", "new@example.com")).body().get(0).get("id").asString())
                .isEqualTo(id);
    }

    @Test
    void findClientByEmailOrExternalIdAnswersAListNewestFirst() {
        String key = api.createTenant("Finder").apiKey();
        String first = act(key, "upsert-client", Map.of("name", "First", "externalId", "42", "source", "crm")).body()
                .get("id").asString();
        String second = act(key, "upsert-client", Map.of("name", "Second", "email", "second@example.com")).body()
                .get("id").asString();

        Api.Response byEmail = act(key, "find-client", Map.of("email", "Second@Example.com"));
        assertThat(byEmail.status()).isEqualTo(200);
        assertThat(byEmail.body().isArray()).isTrue();
        assertThat(byEmail.body()).extracting(c -> c.get("id").asString()).containsExactly(second);

        assertThat(act(key, "find-client", Map.of("externalId", "42", "source", "crm")).body())
                .extracting(c -> c.get("id").asString()).containsExactly(first);
        assertThat(act(key, "find-client", Map.of("externalId", "42", "source", "other")).body()).isEmpty();
        assertThat(act(key, "find-client", Map.of("externalId", "42", "source", "crm", "email",
                "second@example.com")).body()).extracting(c -> c.get("id").asString()).containsExactly(second, first);

        Api.Response none = act(key, "find-client", Map.of("email", "nobody@example.com"));
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().isArray()).isTrue();
        assertThat(none.body()).isEmpty();
    }

    @Test
    void findClientCreatesWhatItDoesNotFindOnlyOnce() {
        String key = api.createTenant("Find or create").apiKey();
        Map<String, Object> body = Map.of("email", "lead@example.com", "createIfMissing", true, "name", "New Lead",
                "company", "Leads Ltd", "externalId", "L-9");

        Api.Response created = act(key, "find-client", body);
        Api.Response foundLater = act(key, "find-client", body);

        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body()).hasSize(1);
        assertThat(created.body().get(0).get("company").asString()).isEqualTo("Leads Ltd");
        assertThat(created.body().get(0).get("externalRefs").get(0).get("id").asString()).isEqualTo("L-9");
        assertThat(foundLater.body()).extracting(c -> c.get("id").asString())
                .containsExactly(created.body().get(0).get("id").asString());
        assertThat(api.get("/api/v1/clients", key).body().get("items")).hasSize(1);
    }

    @Test
    void upsertProductAndFindItBySku() {
        String key = api.createTenant("Products").apiKey();

        Api.Response created = act(key, "upsert-product", Map.of("name", "Thé vert", "sku", "TEA-1", "unitPrice",
                "4.50", "taxRate", 6));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body()).isEqualTo(api.get("/api/v1/products/" + created.body().get("id").asString(), key)
                .body());
        assertThat(created.body().get("unitPrice").decimalValue()).isEqualByComparingTo("4.50");

        Api.Response found = act(key, "find-product", Map.of("sku", "TEA-1"));
        assertThat(found.body()).extracting(p -> p.get("id").asString())
                .containsExactly(created.body().get("id").asString());
        assertThat(act(key, "find-product", Map.of("sku", "NOPE")).body()).isEmpty();

        Api.Response made = act(key, "find-product", Map.of("sku", "MUG-2", "createIfMissing", "true", "name", "Mug",
                "unitPrice", 12));
        assertThat(made.body()).hasSize(1);
        assertThat(made.body().get(0).get("sku").asString()).isEqualTo("MUG-2");
        Api.Response nameless = act(key, "find-product", Map.of("sku", "CUP-3", "createIfMissing", true));
        assertThat(nameless.status()).isEqualTo(422);
        assertThat(nameless.body().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    @Test
    void createDocumentMakesADraftWithLinesAtTwoTaxRates() {
        String key = api.createTenant("Invoicer").apiKey();
        String client = act(key, "upsert-client", Map.of("name", "Buyer", "email", "buyer@example.com")).body()
                .get("id").asString();

        Api.Response draft = act(key, "create-document", Map.of("kind", "invoice", "clientId", client, "lines", List.of(
                Map.of("description", "Livre", "quantity", 2, "unitPrice", "10.00", "taxRate", 6),
                Map.of("description", "Stylo", "quantity", "3", "unitPrice", 1.5, "taxRate", "21"))));

        assertThat(draft.status()).as(draft.text()).isEqualTo(200);
        JsonNode d = draft.body();
        assertThat(d.get("status").asString()).isEqualTo("DRAFT");
        assertThat(d.has("number")).isFalse();
        assertThat(d.get("lines")).hasSize(2);
        assertThat(d.get("taxes")).hasSize(2);
        assertThat(d.get("totalNet").decimalValue()).isEqualByComparingTo("24.50");
        // 20.00 × 6 % = 1.20; 4.50 × 21 % = 0.945 → 0.95 (per line, half up).
        assertThat(d.get("totalTax").decimalValue()).isEqualByComparingTo("2.15");
        assertThat(d.get("total").decimalValue()).isEqualByComparingTo("26.65");
        assertThat(d).isEqualTo(api.get("/api/v1/documents/" + d.get("id").asString(), key).body());
    }

    @Test
    void createDocumentIssuedWithLinesGivenAsJsonTextAndFromAProduct() {
        String key = api.createTenant("Issuer").apiKey();
        String client = act(key, "upsert-client", Map.of("name", "Buyer", "email", "b@example.com")).body()
                .get("id").asString();
        String product = act(key, "upsert-product", Map.of("name", "Abonnement", "sku", "SUB", "unitPrice", "30.00",
                "taxRate", "20")).body().get("id").asString();

        Api.Response issued = act(key, "create-document", Map.of("kind", "INVOICE", "clientId", client, "issue", true,
                "lines", "[{\"productId\": \"" + product + "\", \"quantity\": 2}, {\"sku\": \"SUB\"}]",
                "dueDate", "2031-01-31T00:00:00Z"));

        assertThat(issued.status()).as(issued.text()).isEqualTo(200);
        JsonNode d = issued.body();
        assertThat(d.get("status").asString()).isEqualTo("ISSUED");
        assertThat(d.get("number").asString()).startsWith("INV-");
        assertThat(d.get("dueDate").asString()).isEqualTo("2031-01-31");
        assertThat(d.get("lines").get(0).get("description").asString()).isEqualTo("Abonnement");
        assertThat(d.get("lines").get(1).get("sku").asString()).isEqualTo("SUB");
        assertThat(d.get("total").decimalValue()).isEqualByComparingTo("108.00");
    }

    @Test
    void documentActionsAnswerTheDocumentAsTheDocumentsApiShowsItWithItsPublicLink() {
        String key = api.createTenant("Shown").apiKey();
        String client = act(key, "upsert-client", Map.of("name", "Buyer", "email", "shown@example.com")).body()
                .get("id").asString();
        Map<String, Object> line = Map.of("description", "Conseil", "quantity", 1, "unitPrice", "100", "taxRate", 21);

        JsonNode created = answered(key, "create-document", Map.of("kind", "invoice", "clientId", client, "issue", true,
                "lines", List.of(line)));
        assertThat(created.get("publicUrl").asString()).contains("/d/");
        String paid = created.get("id").asString();
        JsonNode payment = answered(key, "record-payment", Map.of("documentId", paid, "amount", "40.00"));
        assertThat(payment.get("status").asString()).isEqualTo("PARTIALLY_PAID");

        String draft = act(key, "create-document", Map.of("kind", "invoice", "clientId", client, "lines",
                List.of(line))).body().get("id").asString();
        JsonNode issued = answered(key, "issue-document", Map.of("documentId", draft));
        assertThat(issued.get("status").asString()).isEqualTo("ISSUED");
        assertThat(issued.has("publicUrl")).isTrue();
        // An issued invoice is cancelled by a credit note: the answer is the credit note, shown the same way.
        JsonNode creditNote = answered(key, "cancel-document", Map.of("documentId", draft, "reason", "wrong client"));
        assertThat(creditNote.get("kind").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(creditNote.get("creditNoteFor").asString()).isEqualTo(draft);
    }

    /** The action's answer: the same fields and values as GET /api/v1/documents/{id} right after. */
    private JsonNode answered(String key, String block, Map<String, Object> body) {
        Api.Response r = act(key, block, body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode shown = api.get("/api/v1/documents/" + r.body().get("id").asString(), key).body();
        assertThat(fieldNames(r.body())).as(block).isEqualTo(fieldNames(shown)).contains("publicUrl");
        assertThat(r.body()).as(block).isEqualTo(shown);
        return r.body();
    }

    private static java.util.TreeSet<String> fieldNames(JsonNode node) {
        return new java.util.TreeSet<>(node.propertyNames());
    }

    @Test
    void errorsInALineNameItsIndexAndField() {
        String key = api.createTenant("Bad lines").apiKey();
        String client = act(key, "upsert-client", Map.of("name", "Buyer")).body().get("id").asString();

        Api.Response bad = act(key, "create-document", Map.of("kind", "invoice", "clientId", client, "lines", List.of(
                Map.of("description", "Ok", "unitPrice", 1),
                Map.of("description", "Two", "quantity", "two", "unitPrice", 1, "price", 3),
                "not a line")));

        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("lines[1].quantity", "lines[1]", "lines[2]");
        String detail = bad.body().get("detail").asString();
        assertThat(detail).contains("lines[1].quantity: expected a number such as 12.50, got 'two'")
                .contains("lines[1]: unknown field 'price'; a line has description, sku, quantity, unitPrice, "
                        + "discount, taxRate, productId")
                .contains("lines[2]: expected an object");

        Api.Response blank = act(key, "create-document", Map.of("kind", "invoice", "clientId", client, "lines",
                List.of(Map.of("description", "Ok", "unitPrice", 1), Map.of("description", " ", "unitPrice", 1))));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body().get("detail").asString()).isEqualTo("lines[1].description: must not be blank");

        Api.Response none = act(key, "create-document", Map.of("kind", "invoice", "clientId", client));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.body().get("detail").asString()).startsWith("lines: required: a JSON list of lines");
        assertThat(act(key, "create-document", Map.of("kind", "invoice", "clientId", client, "lines", List.of()))
                .body().get("detail").asString()).isEqualTo("lines: expected a non-empty JSON list, got an empty list");
    }

    @Test
    void sendDocumentEmailsItOnceThroughTheHub() {
        String key = api.createTenant("Sender").apiKey();
        api.put("/api/v1/settings/company", key, Map.of("name", "Sender SA", "email", "contact@sender.example"));
        String client = act(key, "upsert-client", Map.of("name", "Reader", "email", "reader@sendto.example")).body()
                .get("id").asString();
        String document = act(key, "create-document", Map.of("kind", "invoice", "clientId", client, "lines",
                List.of(Map.of("description", "Conseil", "unitPrice", "100", "taxRate", 21)))).body()
                .get("id").asString();

        Api.Response sent = api.postRaw("/api/v1/actions/send-document", key,
                ("{\"documentId\": \"" + document + "\", \"issue\": true}").getBytes(),
                "application/json", Map.of("Idempotency-Key", "send-" + document));
        Api.Response again = api.postRaw("/api/v1/actions/send-document", key,
                ("{\"issue\": true, \"documentId\": \"" + document + "\"}").getBytes(),
                "application/json", Map.of("Idempotency-Key", "send-" + document));

        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        JsonNode email = sent.body();
        assertThat(email.get("documentId").asString()).isEqualTo(document);
        assertThat(email.get("to").get(0).get("address").asString()).isEqualTo("reader@sendto.example");
        assertThat(email.has("textBody")).as("shown as the API lists emails").isFalse();
        assertThat(again.body()).isEqualTo(email);
        assertThat(again.headers().get("idempotent-replayed")).containsExactly("true");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> "SENT".equals(
                api.get("/api/v1/emails/" + email.get("id").asString(), key).body().get("status").asString()));
        String messageId = api.get("/api/v1/emails/" + email.get("id").asString(), key).body().get("messageId")
                .asString();
        assertThat(java.util.Arrays.stream(dev.passerelle.mail.MailTestServers.hub().getReceivedMessages())
                .filter(m -> {
                    try {
                        return messageId.equals(m.getMessageID());
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })).hasSize(1);
        assertThat(api.get("/api/v1/documents/" + document, key).body().get("status").asString()).isEqualTo("SENT");
    }
}
