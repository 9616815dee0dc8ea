package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEvents;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class DocumentLifecycleTest {

    @Autowired
    DomainEvents events;
    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OverdueRoutes overdue;

    Api.TenantKey tenant;
    String clientId;
    int year = LocalDate.now(ZoneOffset.UTC).getYear();

    @BeforeEach
    void tenantWithClient() {
        tenant = api.createTenant("Atelier Lumière");
        api.put("/api/v1/settings/company", tenant.apiKey(), Map.of("name", "Atelier Lumière", "paymentTermsDays", 14,
                "defaultLanguage", "fr"));
        Api.Response client = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", "Zoë Ångström",
                "emails", List.of("zoe@example.com"), "language", "de"));
        assertThat(client.status()).isEqualTo(201);
        clientId = client.body().get("id").asString();
    }

    @Test
    void draftIssuePartPayPayAndEveryStepIsInHistoryAndOutbox() {
        JsonNode draft = createInvoice(Map.of());
        String id = draft.get("id").asString();
        assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
        assertThat(draft.has("number")).isFalse();
        assertThat(draft.get("language").asString()).isEqualTo("de");
        assertThat(draft.get("total").decimalValue()).isEqualByComparingTo("41.63");
        assertThat(draft.get("totalTax").decimalValue()).isEqualByComparingTo("6.05");
        assertThat(draft.get("taxes")).hasSize(2);

        JsonNode issued = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body();
        assertThat(issued.get("status").asString()).isEqualTo("ISSUED");
        assertThat(issued.get("number").asString()).isEqualTo("INV-" + year + "-00001");
        LocalDate issueDate = LocalDate.parse(issued.get("issueDate").asString());
        assertThat(LocalDate.parse(issued.get("dueDate").asString())).isEqualTo(issueDate.plusDays(14));
        assertThat(issued.get("publicUrl").asString()).contains("/d/");
        JsonNode again = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body();
        assertThat(again.get("number").asString()).isEqualTo("INV-" + year + "-00001");

        JsonNode part = api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(),
                Map.of("amount", "20.00", "method", "bank transfer")).body();
        assertThat(part.get("status").asString()).isEqualTo("PARTIALLY_PAID");
        assertThat(part.get("balance").decimalValue()).isEqualByComparingTo("21.63");
        Api.Response tooMuch = api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(), Map.of("amount", "99"));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.body().get("detail").asString()).contains("balance");

        JsonNode paid = api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(), null).body();
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("balance").decimalValue()).isZero();

        JsonNode history = api.get("/api/v1/documents/" + id + "/history", tenant.apiKey()).body();
        assertThat(history).extracting(h -> h.get("action").asString())
                .containsExactly("created", "issued", "payment", "payment");
        assertThat(history.get(3).get("toStatus").asString()).isEqualTo("PAID");
        assertThat(history.get(1).get("actor").asString()).isEqualTo("api");
        assertThat(eventTypes(UUID.fromString(id))).containsExactly("document.created", "document.issued",
                "document.partially_paid", "document.paid");

        // The paid event as written (JSON, type in its own column) and as read back (the typed record).
        DomainEvent paidEvent = jdbc.sql("""
                SELECT id, tenant_id, type, subject_id, payload, occurred_at FROM domain_event
                WHERE subject_id = ? AND type = 'document.paid'""").param(UUID.fromString(id))
                .query((rs, n) -> new DomainEvent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .single();
        JsonNode written = api.json(paidEvent.payload());
        assertThat(written.has("eventType")).isFalse();
        assertThat(written.get("kind").asString()).isEqualTo("INVOICE");
        assertThat(written.get("paidOn").asString()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(written.get("paymentAmount").decimalValue()).isEqualByComparingTo("21.63");
        assertThat(written.has("creditNoteId")).isFalse();
        DocumentEvent read = events.read(paidEvent, DocumentEvent.class);
        assertThat(read.eventType()).isEqualTo(DocumentEvent.PAID);
        assertThat(read.documentId()).isEqualTo(UUID.fromString(id));
        assertThat(read.status()).isEqualTo(DocumentStatus.PAID);
        assertThat(read.issueDate()).isEqualTo(issueDate);
        assertThat(read.balance()).isZero();
    }

    @Test
    void cancellingAnIssuedInvoiceMakesOneCreditNote() {
        String id = createInvoice(Map.of()).get("id").asString();
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        JsonNode creditNote = api.post("/api/v1/documents/" + id + "/cancel", tenant.apiKey(),
                Map.of("reason", "order refunded")).body();

        assertThat(creditNote.get("kind").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(creditNote.get("status").asString()).isEqualTo("ISSUED");
        assertThat(creditNote.get("number").asString()).isEqualTo("CN-" + year + "-00001");
        assertThat(creditNote.get("total").decimalValue()).isEqualByComparingTo("-41.63");
        assertThat(creditNote.get("creditNoteFor").asString()).isEqualTo(id);
        JsonNode invoice = api.get("/api/v1/documents/" + id, tenant.apiKey()).body();
        assertThat(invoice.get("status").asString()).isEqualTo("CANCELLED");

        JsonNode twice = api.post("/api/v1/documents/" + id + "/cancel", tenant.apiKey(), null).body();
        assertThat(twice.get("id").asString()).isEqualTo(creditNote.get("id").asString());
        assertThat(api.get("/api/v1/documents?kind=CREDIT_NOTE", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(eventTypes(UUID.fromString(id))).contains("document.cancelled");
    }

    @Test
    void aCancellationLeadsToItsCreditNoteFromTheInvoicesHistoryEventsAndExternalReference() {
        String id = createInvoice(Map.of("externalRef", Map.of("source", "shop", "id", "ORD-5521"))).get("id").asString();
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        JsonNode creditNote = api.post("/api/v1/documents/" + id + "/cancel", tenant.apiKey(),
                Map.of("reason", "order cancelled")).body();

        String number = creditNote.get("number").asString();
        JsonNode history = api.get("/api/v1/documents/" + id + "/history", tenant.apiKey()).body();
        JsonNode cancelled = history.get(history.size() - 1);
        assertThat(cancelled.get("action").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("detail").asString()).isEqualTo("order cancelled; credit note " + number + " of 41.63 EUR");
        String credited = jdbc.sql("SELECT payload FROM domain_event WHERE subject_id = ? AND type = 'document.credited'")
                .param(UUID.fromString(id)).query(String.class).single();
        JsonNode payload = api.json(credited);
        assertThat(payload.get("creditNoteId").asString()).isEqualTo(creditNote.get("id").asString());
        assertThat(payload.get("creditNoteNumber").asString()).isEqualTo(number);
        assertThat(payload.get("creditedAmount").decimalValue()).isEqualByComparingTo("41.63");
        assertThat(api.get("/api/v1/documents?externalRef=ORD-5521", tenant.apiKey()).body().get("items"))
                .extracting(d -> d.get("kind").asString()).containsExactlyInAnyOrder("INVOICE", "CREDIT_NOTE");
        assertThat(api.get("/api/v1/documents?externalRef=ORD-5521&kind=CREDIT_NOTE", tenant.apiKey()).body()
                .get("items").get(0).get("number").asString()).isEqualTo(number);
    }

    @Test
    void aRefundIsCreditedOnceAndCancellingCreditsOnlyWhatIsLeft() {
        String id = createInvoice(Map.of()).get("id").asString();
        String refunds = "/api/v1/documents/" + id + "/refunds";
        Api.Response ofDraft = api.post(refunds, tenant.apiKey(), Map.of("id", "re_1", "amount", "10.00"));
        assertThat(ofDraft.status()).isEqualTo(409);
        assertThat(ofDraft.contentType()).startsWith("application/problem+json");
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        Api.Response first = api.post(refunds, tenant.apiKey(), Map.of("id", "re_1", "amount", "10.00", "reason", "Kulanz"));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        JsonNode note = first.body();
        assertThat(note.get("kind").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(note.get("number").asString()).isEqualTo("CN-" + year + "-00001");
        assertThat(note.get("creditNoteFor").asString()).isEqualTo(id);
        assertThat(note.get("total").decimalValue()).isEqualByComparingTo("-10.00");
        // 33.88 of the 41.63 bear 20 % VAT and 7.75 bear 5.5 %: the refund is split alike, in the client's language.
        assertThat(note.get("lines")).extracting(l -> l.get("gross").decimalValue().toPlainString())
                .containsExactly("-8.14", "-1.86");
        assertThat(note.get("lines").get(0).get("description").asString()).startsWith("Erstattung re_1: Kulanz");
        Api.Response again = api.post(refunds, tenant.apiKey(), Map.of("id", "re_1", "amount", "10.00"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asString()).isEqualTo(note.get("id").asString());

        Api.Response tooMuch = api.post(refunds, tenant.apiKey(), Map.of("id", "re_2", "amount", "40"));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.body().get("detail").asString()).contains("31.63 EUR", "not yet credited");
        Api.Response unnamed = api.post(refunds, tenant.apiKey(), Map.of("amount", "1"));
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.body().get("detail").asString()).startsWith("id: required");
        JsonNode invoice = api.get("/api/v1/documents/" + id, tenant.apiKey()).body();
        assertThat(invoice.get("status").asString()).isEqualTo("ISSUED");

        JsonNode rest = api.post("/api/v1/documents/" + id + "/cancel", tenant.apiKey(), Map.of("reason", "returned")).body();
        assertThat(rest.get("total").decimalValue()).isEqualByComparingTo("-31.63");
        assertThat(rest.get("lines").get(0).get("description").asString()).startsWith("Restbetrag der Rechnung INV-");
        assertThat(api.get("/api/v1/documents/" + id, tenant.apiKey()).body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("SELECT type FROM domain_event WHERE subject_id = ? ORDER BY seq").param(UUID.fromString(id))
                .query(String.class).list()).contains("document.credited", "document.cancelled");
    }

    @Test
    void externalReferenceMakesCreationIdempotent() {
        Map<String, Object> ref = Map.of("externalRef", Map.of("source", "zapier", "id", "order-42"));
        Api.Response first = api.post("/api/v1/documents", tenant.apiKey(), invoice(ref));
        Api.Response second = api.post("/api/v1/documents", tenant.apiKey(), invoice(ref));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
        assertThat(api.get("/api/v1/documents?externalRef=order-42", tenant.apiKey()).body().get("items")).hasSize(1);
    }

    @Test
    void publicLinkShowsTheDocumentAndMarksItViewedOnce() {
        String id = createInvoice(Map.of()).get("id").asString();
        String url = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body().get("publicUrl").asString();

        Api.Response page = api.get(url, null);
        api.get(url, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("INV-" + year + "-00001").contains("Zoë Ångström").contains("Atelier Lumière");
        // The client's language is German: the page speaks it, with the PDF's own labels.
        assertThat(page.text()).contains(" lang=\"de\">");
        assertThat(org.springframework.web.util.HtmlUtils.htmlUnescape(page.text().replaceAll("<[^>]+>", " "))
                .replaceAll("[\\s\\h]+", " "))
                .contains("Rechnung INV-", "Beschreibung", "Gesamtbetrag 41,63 €", "41,63 € zahlbar bis ", "PDF herunterladen");
        JsonNode doc = api.get("/api/v1/documents/" + id, tenant.apiKey()).body();
        assertThat(doc.get("status").asString()).isEqualTo("VIEWED");
        assertThat(eventTypes(UUID.fromString(id))).filteredOn("document.viewed"::equals).hasSize(1);
        assertThat(api.get("/d/" + "x".repeat(43), null).status()).isEqualTo(404);
    }

    @Test
    void overdueInvoicesAreMarkedOnceWithOneEvent() {
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        String lastWeek = LocalDate.now(ZoneOffset.UTC).minusDays(7).toString();
        String id = createInvoice(Map.of("issueDate", lastWeek, "dueDate", yesterday)).get("id").asString();
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);

        overdue.markOverdue();
        overdue.markOverdue();

        assertThat(api.get("/api/v1/documents/" + id, tenant.apiKey()).body().get("status").asString()).isEqualTo("OVERDUE");
        assertThat(eventTypes(UUID.fromString(id))).filteredOn("document.overdue"::equals).hasSize(1);
        JsonNode paid = api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(), null).body();
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
    }

    @Test
    void numberingIsConfigurableAndContinuesWhereTheTenantSays() {
        Api.Response bad = api.put("/api/v1/settings/numbering/INVOICE", tenant.apiKey(), Map.of("template", "F-{yyyy}"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asString()).contains("{seq}");

        JsonNode format = api.put("/api/v1/settings/numbering/INVOICE", tenant.apiKey(),
                Map.of("template", "F{yy}-{seq:4}", "yearlyReset", false, "nextNumber", 116)).body();
        assertThat(format.get("nextNumber").asLong()).isEqualTo(116);

        String id = createInvoice(Map.of()).get("id").asString();
        JsonNode issued = api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).body();
        assertThat(issued.get("number").asString()).isEqualTo("F" + String.format("%02d", year % 100) + "-0116");
    }

    @Test
    void badDraftsSayWhichFieldIsWrong() {
        Map<String, Object> noLines = Map.of("kind", "INVOICE", "clientId", clientId, "currency", "EUR", "lines", List.of());
        assertThat(api.post("/api/v1/documents", tenant.apiKey(), noLines).body().get("detail").asString()).contains("lines");
        Map<String, Object> badCurrency = new java.util.HashMap<>(invoice(Map.of()));
        badCurrency.put("currency", "EURO");
        Api.Response r = api.post("/api/v1/documents", tenant.apiKey(), badCurrency);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("detail").asString()).contains("currency");
        Api.Response draftPay = api.post("/api/v1/documents/" + createInvoice(Map.of()).get("id").asString()
                + "/payments", tenant.apiKey(), null);
        assertThat(draftPay.status()).isEqualTo(409);
        assertThat(draftPay.body().get("detail").asString()).contains("issue it first");
    }

    @Test
    void aDraftIsEditedAndDeletedButAnIssuedDocumentIsNot() {
        JsonNode draft = createInvoice(Map.of());
        String id = draft.get("id").asString();
        Map<String, Object> edited = new java.util.HashMap<>(invoice(Map.of()));
        edited.put("lines", List.of(line("ITEM", "Lampe laiton", "3", "10.00", "20")));
        edited.put("customerNote", "Trois lampes");

        Api.Response put = api.put("/api/v1/documents/" + id, tenant.apiKey(), edited);

        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.body().get("id").asString()).isEqualTo(id);
        assertThat(put.body().get("lines")).hasSize(1);
        assertThat(put.body().get("total").decimalValue()).isEqualByComparingTo("36.00");
        assertThat(put.body().get("customerNote").asString()).isEqualTo("Trois lampes");
        assertThat(api.get("/api/v1/documents/" + id, tenant.apiKey()).body().get("total").decimalValue())
                .isEqualByComparingTo("36.00");
        assertThat(api.get("/api/v1/documents/" + id + "/history", tenant.apiKey()).body().toString()).contains("edited");

        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);
        Api.Response editIssued = api.put("/api/v1/documents/" + id, tenant.apiKey(), edited);
        assertThat(editIssued.status()).isEqualTo(409);
        assertThat(editIssued.contentType()).startsWith("application/problem+json");
        assertThat(editIssued.body().get("detail").asString()).startsWith("only a draft can be changed");
        assertThat(api.delete("/api/v1/documents/" + id, tenant.apiKey()).status()).isEqualTo(409);

        String other = createInvoice(Map.of()).get("id").asString();
        assertThat(api.delete("/api/v1/documents/" + other, tenant.apiKey()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/documents/" + other, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/documents/" + other, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(eventTypes(UUID.fromString(other))).containsExactly("document.created", "document.deleted");
    }

    @Test
    void enumValuesAreTakenInAnyCaseAndErrorsNameNoJavaClass() {
        Map<String, Object> lower = new java.util.HashMap<>(invoice(Map.of()));
        lower.put("kind", "invoice");
        lower.put("lines", List.of(Map.of("type", "shipping", "description", "Livraison", "unitPrice", "4.90")));
        Api.Response created = api.post("/api/v1/documents", tenant.apiKey(), lower);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.body().get("kind").asString()).isEqualTo("INVOICE");
        assertThat(created.body().get("lines").get(0).get("type").asString()).isEqualTo("SHIPPING");
        assertThat(api.get("/api/v1/documents?kind=invoice&status=draft", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/settings/numbering/credit_note", tenant.apiKey()).status()).isEqualTo(200);

        Map<String, Object> unknown = new java.util.HashMap<>(lower);
        unknown.put("kind", "bill");
        Api.Response badBody = api.post("/api/v1/documents", tenant.apiKey(), unknown);
        Api.Response badParam = api.get("/api/v1/documents?kind=bill", tenant.apiKey());
        Api.Response badNumber = api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "invoice",
                "clientId", clientId, "currency", "EUR", "lines", List.of(Map.of("description", "x", "unitPrice", "ten"))));

        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.body().get("detail").asString())
                .isEqualTo("kind: 'bill' is not one of INVOICE, CREDIT_NOTE, ORDER_CONFIRMATION, DELIVERY_NOTE (in any case)");
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.body().get("detail").asString()).contains("'kind' must be one of INVOICE", "not 'bill'");
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(badNumber.body().get("detail").asString()).startsWith("lines[0].unitPrice: 'ten' is not a number");
        for (Api.Response r : List.of(badBody, badParam, badNumber)) {
            assertThat(r.body().get("detail").asString()).doesNotContain("dev.passerelle", "java.", "DocumentKind",
                    "BigDecimal");
        }
    }

    @Test
    void aNegativeQuantityIsRefusedOnAnInvoiceWithAPointerToCreditNotes() {
        Map<String, Object> body = new java.util.HashMap<>(invoice(Map.of()));
        body.put("lines", List.of(line("ITEM", "Lampe laiton", "2", "10.00", "20"),
                line("ITEM", "Retour lampe", "-1", "10.00", "20")));

        Api.Response r = api.post("/api/v1/documents", tenant.apiKey(), body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asString()).startsWith("lines[1].quantity: must not be negative (-1)")
                .contains("refunds");
        assertThat(api.get("/api/v1/documents", tenant.apiKey()).body().get("items")).isEmpty();
    }

    private JsonNode createInvoice(Map<String, Object> extra) {
        Api.Response created = api.post("/api/v1/documents", tenant.apiKey(), invoice(extra));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body();
    }

    private Map<String, Object> invoice(Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", "INVOICE", "clientId", clientId,
                "currency", "EUR", "customerNote", "Merci !", "lines", List.of(
                        line("ITEM", "Lampe laiton", "2", "10.00", "20"),
                        line("ITEM", "Ampoule", "1", "7.35", "5.5"),
                        line("ITEM", "Câble", "1", "3.33", "20"),
                        line("SHIPPING", "Livraison", "1", "4.90", "20"))));
        body.putAll(extra);
        return body;
    }

    private static Map<String, Object> line(String type, String description, String qty, String price, String rate) {
        return Map.of("type", type, "description", description, "quantity", qty, "unitPrice", price, "taxRate", rate,
                "taxLabel", "TVA " + rate + "%");
    }

    private List<String> eventTypes(UUID subject) {
        return jdbc.sql("SELECT type FROM domain_event WHERE subject_id = ? ORDER BY seq").param(subject)
                .query(String.class).list();
    }
}
