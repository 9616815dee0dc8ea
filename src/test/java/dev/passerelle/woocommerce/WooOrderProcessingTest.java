package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Orders, sent the way WooCommerce sends them, become the right document exactly once. */
@PasserelleTest
class WooOrderProcessingTest {

    static final String PATH = "/api/v1/connections/woocommerce";

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    Api.TenantKey tenant;

    record Conn(String id, String url, String secret) {
    }

    @BeforeEach
    void tenant() {
        tenant = api.createTenant("Maison Ærø");
    }

    Conn connect(Map<String, Object> settings) {
        Api.Response r = api.post(PATH, tenant.apiKey(), Map.of("name", "Boutique", "shopUrl", "https://boutique.example",
                "settings", settings));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return new Conn(r.body().get("id").asString(), r.body().get("deliveryUrl").asString(),
                r.body().get("secret").asString());
    }

    String deliver(Conn c, String topic, ObjectNode order) {
        Api.Response r = Shop.deliver(api, c.url(), c.secret(), topic, order);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String eventId = r.body().get("eventId").asString();
        awaitProcessed(eventId);
        return eventId;
    }

    void awaitProcessed(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode e = api.get("/api/v1/events/" + eventId, tenant.apiKey()).body().get("event");
            assertThat(e.get("status").asString()).as(String.valueOf(e.get("lastError"))).isNotEqualTo("DEAD");
            return "PROCESSED".equals(e.get("status").asString());
        });
    }

    List<JsonNode> documents(String query) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/documents?" + query, tenant.apiKey()).body().get("items").forEach(list::add);
        return list;
    }

    /** The order's document (its credit notes, found by the order's id too, aside). */
    JsonNode onlyDocument(String orderId) {
        List<JsonNode> docs = documents("externalRef=" + orderId).stream()
                .filter(d -> !d.get("kind").asString().equals("CREDIT_NOTE")).toList();
        assertThat(docs).hasSize(1);
        return api.get("/api/v1/documents/" + docs.get(0).get("id").asString(), tenant.apiKey()).body();
    }

    static ObjectNode at(ObjectNode order, String status, String modifiedGmt) {
        ObjectNode copy = order.deepCopy();
        copy.put("status", status);
        copy.put("date_modified_gmt", modifiedGmt);
        return copy;
    }

    @Test
    void theDocumentationsSampleOrderBecomesOnePaidInvoiceWithTheOrdersTotals() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "paid"));
        ObjectNode order = Shop.order("order-727-processing.json");

        deliver(c, "order.created", order);
        Api.Response again = Shop.deliver(api, c.url(), c.secret(), "order.created", order);
        Api.Response updated = Shop.deliver(api, c.url(), c.secret(), "order.updated", order);

        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(updated.body().get("duplicate").asBoolean()).isTrue();
        JsonNode invoice = onlyDocument("727");
        assertThat(invoice.get("kind").asString()).isEqualTo("INVOICE");
        assertThat(invoice.get("status").asString()).isEqualTo("PAID");
        assertThat(invoice.get("number").asString()).isNotBlank();
        assertThat(invoice.get("currency").asString()).isEqualTo("USD");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("29.35");
        assertThat(invoice.get("totalTax").decimalValue()).isEqualByComparingTo("1.35");
        assertThat(invoice.get("totalNet").decimalValue()).isEqualByComparingTo("28.00");
        JsonNode lines = invoice.get("lines");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).get("description").asString()).isEqualTo("Ship Your Idea – Color: Black, Size: M Test");
        assertThat(lines.get(1).get("sku").asString()).isEqualTo("Bar3");
        assertThat(lines.get(2).get("type").asString()).isEqualTo("SHIPPING");
        assertThat(lines.get(2).get("gross").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(invoice.get("client").get("name").asString()).isEqualTo("John Doe");
        assertThat(invoice.get("internalNote").asString()).contains("#727", "Direct Bank Transfer");
        assertThat(invoice.get("language").asString()).isEqualTo("en");

        JsonNode products = api.get("/api/v1/products", tenant.apiKey()).body().get("items");
        assertThat(products).hasSize(2);
        assertThat(api.get("/api/v1/products?q=Bar3", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).hasSize(1);
    }

    @Test
    void euVatWithPricesIncludingTaxTwoRatesCouponFeeAndShippingAddsUpToTheCent() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "processing"));

        deliver(c, "order.created", Shop.order("order-eu-vat-inclusive.json"));

        JsonNode invoice = onlyDocument("5120");
        assertThat(invoice.get("pricesIncludeTax").asBoolean()).isTrue();
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("77.47");
        assertThat(invoice.get("totalTax").decimalValue()).isEqualByComparingTo("10.32");
        assertThat(invoice.get("status").asString()).isEqualTo("PAID");
        Map<String, BigDecimal> taxByRate = new java.util.HashMap<>();
        invoice.get("taxes").forEach(t -> taxByRate.merge(t.get("rate").decimalValue().stripTrailingZeros().toPlainString(),
                t.get("tax").decimalValue(), BigDecimal::add));
        assertThat(taxByRate.get("20")).isEqualByComparingTo("9.14");
        assertThat(taxByRate.get("5.5")).isEqualByComparingTo("1.18");
        JsonNode teapot = invoice.get("lines").get(0);
        assertThat(teapot.get("description").asString()).isEqualTo("Théière en fonte « Sakura »");
        assertThat(teapot.get("unitPrice").decimalValue()).isEqualByComparingTo("24.90");
        assertThat(teapot.get("discount").decimalValue()).isEqualByComparingTo("4.98");
        assertThat(teapot.get("gross").decimalValue()).isEqualByComparingTo("44.82");
        assertThat(invoice.get("lines").get(1).get("description").asString()).isEqualTo("Thé vert Sencha bio – 100\u00a0g");
        assertThat(invoice.get("lines").get(3).get("type").asString()).isEqualTo("FEE");
        assertThat(invoice.get("customerNote").asString()).isEqualTo("Merci de sonner deux fois — l’interphone est cassé.");
        assertThat(invoice.get("internalNote").asString()).contains("bienvenue10");
        assertThat(invoice.get("language").asString()).isEqualTo("fr");
        JsonNode client = invoice.get("client");
        assertThat(client.get("name").asString()).isEqualTo("Zoë Ångström-Müller");
        assertThat(client.get("company").asString()).isEqualTo("Maison Ærø SARL");
        assertThat(client.get("vatNumber").asString()).isEqualTo("FR40303265045");
        assertThat(client.get("billingAddress").get("city").asString()).isEqualTo("Saint-Étienne");
    }

    @Test
    void taxRoundedAtOrderLevelStillGivesTheOrdersTotal() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created"));
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("id", 9001);
        order.put("total", "2.99");
        order.put("total_tax", "0.50");
        order.put("cart_tax", "0.50");
        order.put("shipping_total", "0.00");
        ArrayNode items = order.putArray("line_items");
        for (int i = 0; i < 3; i++) {
            ObjectNode item = items.addObject();
            item.put("id", 100 + i).put("name", "Sticker " + i).put("product_id", 500 + i).put("variation_id", 0)
                    .put("quantity", 1).put("subtotal", "0.83").put("subtotal_tax", "0.17").put("total", "0.83")
                    .put("total_tax", "0.17").put("sku", "STK-" + i).put("price", 0.83);
            item.putArray("taxes").addObject().put("id", 75).put("total", "0.166").put("subtotal", "0.166");
        }
        order.putArray("shipping_lines");
        ((ObjectNode) order.get("tax_lines").get(0)).put("tax_total", "0.50").put("rate_percent", 20);

        deliver(c, "order.created", order);

        JsonNode invoice = onlyDocument("9001");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("2.99");
        assertThat(invoice.get("totalTax").decimalValue()).isEqualByComparingTo("0.50");
    }

    @Test
    void withoutRatePercentEachShopTaxRateIsOneVatRowAtTheRateTheShopConfigured() throws Exception {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created", "language", "en"));
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("id", 9004).put("currency", "EUR").put("total", "24.42").put("total_tax", "2.30")
                .put("cart_tax", "2.30").put("shipping_total", "10.00").put("shipping_tax", "0.00");
        ArrayNode items = order.putArray("line_items");
        // Rounded per line, 21 % reads 21.01 %, 21.15 % and 21.01 %, and 6 % reads 5.99 %.
        String[][] lines = {{"4.76", "1.00", "0.9996", "1"}, {"3.31", "0.70", "0.6951", "1"},
                {"2.38", "0.50", "0.4998", "1"}, {"1.67", "0.10", "0.1002", "2"}};
        for (int i = 0; i < lines.length; i++) {
            ObjectNode item = items.addObject();
            item.put("id", 200 + i).put("name", "Article " + i).put("product_id", 600 + i).put("variation_id", 0)
                    .put("quantity", 1).put("subtotal", lines[i][0]).put("subtotal_tax", lines[i][1])
                    .put("total", lines[i][0]).put("total_tax", lines[i][1]).put("sku", "ART-" + i);
            item.putArray("taxes").addObject().put("id", Integer.parseInt(lines[i][3])).put("total", lines[i][2])
                    .put("subtotal", lines[i][2]);
        }
        ObjectNode shipping = (ObjectNode) order.get("shipping_lines").get(0);
        shipping.put("total", "10.00").put("total_tax", "0.00");
        shipping.putArray("taxes").addObject().put("id", 3).put("total", "0").put("subtotal", "");
        ArrayNode taxLines = order.putArray("tax_lines");
        taxLines.addObject().put("id", 901).put("rate_code", "BE-TVA-1").put("rate_id", 1).put("label", "TVA")
                .put("tax_total", "2.20").put("shipping_tax_total", "0.00");
        taxLines.addObject().put("id", 902).put("rate_code", "BE-TVA-2").put("rate_id", 2).put("label", "TVA")
                .put("tax_total", "0.10").put("shipping_tax_total", "0.00");
        taxLines.addObject().put("id", 903).put("rate_code", "BE-TVA-3").put("rate_id", 3).put("label", "TVA")
                .put("tax_total", "0.00").put("shipping_tax_total", "0.00");

        deliver(c, "order.created", order);

        JsonNode invoice = onlyDocument("9004");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("24.42");
        Map<String, String> taxByRate = new java.util.TreeMap<>();
        invoice.get("taxes").forEach(t -> taxByRate.put(t.get("rate").decimalValue().stripTrailingZeros().toPlainString(),
                t.path("label").asString("") + " " + t.get("base").decimalValue().setScale(2) + " "
                        + t.get("tax").decimalValue().setScale(2)));
        assertThat(taxByRate).containsExactly(Map.entry("0", "TVA 10.00 0.00"), Map.entry("21", "TVA 10.45 2.20"),
                Map.entry("6", "TVA 1.67 0.10"));
        String pdf;
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(
                api.get("/api/v1/documents/" + invoice.get("id").asString() + "/pdf", tenant.apiKey()).raw())) {
            org.apache.pdfbox.text.PDFTextStripper stripper = new org.apache.pdfbox.text.PDFTextStripper();
            stripper.setSortByPosition(true);
            pdf = stripper.getText(d).replaceAll("[\\s\\u00A0\\u202F\\u2009]+", " ");
        }
        assertThat(pdf).contains("TVA 21% €10.45 €2.20", "TVA 6% €1.67 €0.10", "TVA 0% €10.00 €0.00")
                .doesNotContain("21.01", "5.99");
    }

    @Test
    void aPluginChangingTheTotalWithoutALineShowsAsAnAdjustment() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created"));
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("id", 9002);
        order.put("total", "19.35");

        deliver(c, "order.created", order);

        JsonNode invoice = onlyDocument("9002");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("19.35");
        JsonNode last = invoice.get("lines").get(invoice.get("lines").size() - 1);
        assertThat(last.get("description").asString()).contains("Adjustment");
        assertThat(last.get("gross").decimalValue()).isEqualByComparingTo("-10.00");
    }

    @Test
    void nothingUntilTheTriggerThenOneDocumentAndLaterStatesNeverRewriteIt() {
        Conn c = connect(Map.of("documentKind", "delivery_note", "trigger", "completed"));
        ObjectNode order = Shop.order("order-727-processing.json");

        deliver(c, "order.created", at(order, "processing", "2026-03-01T10:00:00"));
        assertThat(documents("externalRef=727")).isEmpty();

        deliver(c, "order.updated", at(order, "completed", "2026-03-01T11:00:00"));
        JsonNode note = onlyDocument("727");
        assertThat(note.get("kind").asString()).isEqualTo("DELIVERY_NOTE");
        assertThat(note.get("status").asString()).isEqualTo("ISSUED");

        ObjectNode edited = at(order, "completed", "2026-03-01T12:00:00");
        edited.put("customer_note", "changed after the fact");
        ((ObjectNode) edited.get("billing")).put("first_name", "Jane");
        deliver(c, "order.updated", edited);
        JsonNode same = onlyDocument("727");
        assertThat(same.get("updatedAt").asString()).isEqualTo(note.get("updatedAt").asString());
        assertThat(same.get("client").get("name").asString()).isEqualTo("John Doe");
    }

    @Test
    void anOlderDeliveryArrivingLateChangesNothing() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "paid"));
        ObjectNode order = Shop.order("order-727-processing.json");

        deliver(c, "order.updated", at(order, "cancelled", "2026-03-01T12:00:00"));
        deliver(c, "order.created", at(order, "processing", "2026-03-01T10:00:00"));

        assertThat(documents("externalRef=727")).isEmpty();
    }

    @Test
    void unpaidInvoiceIsMarkedPaidThenARefundCancelsItWithACreditNote() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created"));
        ObjectNode order = at(Shop.order("order-727-processing.json"), "on-hold", "2026-03-01T10:00:00");
        order.putNull("date_paid");
        order.putNull("date_paid_gmt");

        deliver(c, "order.created", order);
        JsonNode issued = onlyDocument("727");
        assertThat(issued.get("status").asString()).isEqualTo("ISSUED");
        assertThat(issued.get("balance").decimalValue()).isEqualByComparingTo("29.35");

        ObjectNode paid = at(order, "processing", "2026-03-01T11:00:00");
        paid.put("date_paid_gmt", "2026-03-01T11:00:00");
        paid.put("transaction_id", "bacs-7781");
        deliver(c, "order.updated", paid);
        assertThat(onlyDocument("727").get("status").asString()).isEqualTo("PAID");

        ObjectNode refunded = at(paid, "refunded", "2026-03-02T09:00:00");
        refunded.putArray("refunds").addObject().put("id", 731).put("reason", "").put("total", "-29.35");
        deliver(c, "order.updated", refunded);
        deliver(c, "order.updated", at(refunded, "refunded", "2026-03-02T09:00:05"));

        assertThat(onlyDocument("727").get("status").asString()).isEqualTo("CANCELLED");
        List<JsonNode> creditNotes = documents("kind=CREDIT_NOTE");
        assertThat(creditNotes).hasSize(1);
        assertThat(creditNotes.get(0).get("total").decimalValue()).isEqualByComparingTo("-29.35");
    }

    @Test
    void eachPartialRefundGetsOneCreditNoteAndTheFullRefundCreditsTheRest() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "paid"));
        ObjectNode order = Shop.order("order-727-processing.json");
        deliver(c, "order.created", order);
        String invoiceId = onlyDocument("727").get("id").asString();

        ObjectNode partly = at(order, "processing", "2026-03-02T09:00:00");
        partly.putArray("refunds").addObject().put("id", 731).put("reason", "Mug arrived broken").put("total", "-10.00");
        deliver(c, "order.updated", partly);
        deliver(c, "order.updated", partly);
        deliver(c, "order.updated", at(partly, "completed", "2026-03-02T10:00:00"));

        JsonNode invoice = onlyDocument("727");
        assertThat(invoice.get("status").asString()).isEqualTo("PAID");
        List<JsonNode> creditNotes = documents("kind=CREDIT_NOTE");
        assertThat(creditNotes).hasSize(1);
        JsonNode first = api.get("/api/v1/documents/" + creditNotes.get(0).get("id").asString(), tenant.apiKey()).body();
        assertThat(first.get("total").decimalValue()).isEqualByComparingTo("-10.00");
        assertThat(first.get("creditNoteFor").asString()).isEqualTo(invoiceId);
        // 19.35 of the 29.35 bore 7.5 % State Tax, the 10.00 shipping none: the refund is split alike.
        assertThat(first.get("lines")).hasSize(2);
        assertThat(first.get("lines").get(0).get("gross").decimalValue()).isEqualByComparingTo("-6.59");
        assertThat(first.get("lines").get(0).get("tax").decimalValue()).isEqualByComparingTo("-0.46");
        assertThat(first.get("lines").get(0).get("description").asString())
                .isEqualTo("Refund #731: Mug arrived broken (State Tax)");
        assertThat(first.get("lines").get(1).get("gross").decimalValue()).isEqualByComparingTo("-3.41");
        assertThat(first.get("lines").get(1).get("tax").decimalValue()).isEqualByComparingTo("0");
        assertThat(api.get("/api/v1/documents/" + invoiceId + "/history", tenant.apiKey()).body().toString())
                .contains("credited", "10.00 USD by credit note " + first.get("number").asString());

        ObjectNode refunded = at(partly, "refunded", "2026-03-03T09:00:00");
        ArrayNode refunds = refunded.putArray("refunds");
        refunds.addObject().put("id", 745).put("reason", "").put("total", "-19.35");
        refunds.addObject().put("id", 731).put("reason", "Mug arrived broken").put("total", "-10.00");
        deliver(c, "order.updated", refunded);
        deliver(c, "order.updated", at(refunded, "refunded", "2026-03-03T09:00:05"));

        assertThat(onlyDocument("727").get("status").asString()).isEqualTo("CANCELLED");
        creditNotes = documents("kind=CREDIT_NOTE");
        assertThat(creditNotes).hasSize(2);
        assertThat(creditNotes.stream().map(n -> n.get("total").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("-29.35");
    }

    @Test
    void withAutoSendEachCreditNoteIsEmailedOnceInItsOwnTemplateAndFoundByTheOrdersId() throws Exception {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "paid", "autoSend", true));
        String buyer = "acheteur-" + java.util.UUID.randomUUID() + "@example.com";
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("id", 9005).put("number", "9005");
        ((ObjectNode) order.get("billing")).put("email", buyer).put("country", "FR");
        deliver(c, "order.created", order);
        String invoiceNumber = onlyDocument("9005").get("number").asString();

        ObjectNode partly = at(order, "processing", "2026-03-02T09:00:00");
        partly.putArray("refunds").addObject().put("id", 931).put("reason", "").put("total", "-10.00");
        deliver(c, "order.updated", partly);
        deliver(c, "order.updated", partly);
        ObjectNode cancelled = at(partly, "cancelled", "2026-03-03T09:00:00");
        deliver(c, "order.updated", cancelled);
        deliver(c, "order.updated", at(cancelled, "cancelled", "2026-03-03T09:00:05"));

        List<JsonNode> creditNotes = documents("externalRef=9005&kind=CREDIT_NOTE");
        assertThat(creditNotes).hasSize(2);
        List<String> expected = new ArrayList<>(List.of("Facture " + invoiceNumber));
        creditNotes.forEach(n -> expected.add("Avoir " + n.get("number").asString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> subjectsTo(buyer).size() >= 3);
        Thread.sleep(500); // a second email per credit note would be queued by now
        assertThat(subjectsTo(buyer)).hasSize(3).allSatisfy(subject -> assertThat(expected.stream()
                .anyMatch(subject::startsWith)).as(subject).isTrue());
        assertThat(subjectsTo(buyer).stream().filter(subject -> subject.startsWith("Avoir"))).hasSize(2);
    }

    static List<String> subjectsTo(String address) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (jakarta.mail.internet.MimeMessage m : dev.passerelle.mail.MailTestServers.hub().getReceivedMessages()) {
            if (java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                subjects.add(m.getSubject());
            }
        }
        return subjects;
    }

    @Test
    void anOrderCancelledAfterAPartialRefundIsCreditedForWhatIsLeft() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "paid"));
        ObjectNode order = Shop.order("order-727-processing.json");
        ObjectNode partly = at(order, "processing", "2026-03-02T09:00:00");
        partly.putArray("refunds").addObject().put("id", 731).put("reason", "").put("total", "-5.00");
        // Documented only now: the refund made before is credited at once.
        deliver(c, "order.created", partly);
        assertThat(documents("kind=CREDIT_NOTE")).hasSize(1);

        deliver(c, "order.updated", at(partly, "cancelled", "2026-03-03T09:00:00"));

        assertThat(onlyDocument("727").get("status").asString()).isEqualTo("CANCELLED");
        List<BigDecimal> totals = documents("kind=CREDIT_NOTE").stream().map(n -> n.get("total").decimalValue()).toList();
        assertThat(totals).hasSize(2).anySatisfy(t -> assertThat(t).isEqualByComparingTo("-5.00"))
                .anySatisfy(t -> assertThat(t).isEqualByComparingTo("-24.35"));
    }

    @Test
    void aReturningBuyerIsOneClientAsAGuestAndAsACustomer() {
        Conn c = connect(Map.of("documentKind", "order_confirmation", "trigger", "created"));
        ObjectNode guest = Shop.order("order-727-processing.json");
        ObjectNode second = at(guest, "processing", "2026-03-05T10:00:00");
        second.put("id", 800);
        second.put("customer_id", 17);
        ObjectNode third = at(second, "processing", "2026-03-06T10:00:00");
        third.put("id", 801);
        ((ObjectNode) third.get("billing")).put("email", "john@work.example");
        ObjectNode anonymous = at(guest, "pending", "2026-03-07T10:00:00");
        anonymous.put("id", 802);
        ((ObjectNode) anonymous.get("billing")).put("email", "").put("first_name", "").put("last_name", "");

        deliver(c, "order.created", guest);
        deliver(c, "order.created", second);
        deliver(c, "order.created", third);
        deliver(c, "order.created", anonymous);
        deliver(c, "order.updated", at(anonymous, "processing", "2026-03-07T10:05:00"));

        JsonNode clients = api.get("/api/v1/clients", tenant.apiKey()).body().get("items");
        assertThat(clients).hasSize(2);
        assertThat(clients.get(0).get("emails").toString()).contains("john.doe@example.com", "john@work.example");
        assertThat(clients.get(1).get("name").asString()).isEqualTo("Guest of order 727");
        assertThat(documents("kind=ORDER_CONFIRMATION")).hasSize(4);
    }

    @Test
    void concurrentRepeatedAndReorderedDeliveriesMakeOneDocumentAndOneSendRequest() throws Exception {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created", "autoSend", true,
                "emailUnpaid", Map.of("subject", "Votre commande", "body", "Bonjour,\nvoici votre facture.")));
        ObjectNode base = Shop.order("order-727-processing.json");
        List<ObjectNode> states = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ObjectNode s = at(base, i < 5 ? "on-hold" : "processing", String.format("2026-03-01T10:00:%02d", i));
            if (i < 5) {
                s.putNull("date_paid");
                s.putNull("date_paid_gmt");
            }
            states.add(s);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<String>> sends = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = states.size() - 1; i >= 0; i--) {
                ObjectNode s = states.get(i);
                String topic = i % 2 == 0 ? "order.created" : "order.updated";
                sends.add(() -> Shop.deliver(api, c.url(), c.secret(), topic, s).body().get("eventId").asString());
            }
        }
        List<String> eventIds = new ArrayList<>();
        for (Future<String> f : pool.invokeAll(sends)) {
            eventIds.add(f.get());
        }
        pool.shutdown();
        eventIds.stream().distinct().forEach(this::awaitProcessed);

        JsonNode invoice = onlyDocument("727");
        assertThat(invoice.get("status").asString()).isEqualTo("PAID");
        List<String> payloads = jdbc.sql("""
                SELECT payload FROM domain_event WHERE tenant_id = ? AND type = 'document.send_requested'""")
                .param(tenant.tenantId()).query(String.class).list();
        assertThat(payloads).hasSize(1);
        JsonNode payload = api.json(payloads.get(0));
        assertThat(payload.propertyNames()).containsExactly("documentId", "variant", "subject", "body", "source",
                "connectionId");
        assertThat(payload.get("documentId").asString()).isEqualTo(invoice.get("id").asString());
        assertThat(payload.get("source").asString()).isEqualTo("woocommerce");
        assertThat(payload.get("connectionId").asString()).isEqualTo(c.id());
        if (payload.get("variant").asString().equals("unpaid")) {
            assertThat(payload.get("subject").asString()).isEqualTo("Votre commande");
            assertThat(payload.get("body").asString()).isEqualTo("Bonjour,\nvoici votre facture.");
        } else {
            assertThat(payload.get("variant").asString()).isEqualTo("paid");
            assertThat(payload.get("subject").isNull()).isTrue();
        }
        assertThat(jdbc.sql("SELECT subject_id FROM domain_event WHERE tenant_id = ? AND type = 'document.send_requested'")
                .param(tenant.tenantId()).query(java.util.UUID.class).single().toString())
                .isEqualTo(invoice.get("id").asString());
    }

    @Test
    void anOrderCreatedEmptyInTheAdminWaitsForItsItems() {
        Conn c = connect(Map.of("documentKind", "order_confirmation", "trigger", "created"));
        ObjectNode full = Shop.order("order-727-processing.json");
        ObjectNode empty = at(full, "pending", "2026-03-01T10:00:00");
        empty.putArray("line_items");
        empty.putArray("shipping_lines");
        empty.put("total", "0.00");

        deliver(c, "order.created", empty);
        assertThat(documents("externalRef=727")).isEmpty();

        deliver(c, "order.updated", at(full, "pending", "2026-03-01T10:02:00"));
        assertThat(onlyDocument("727").get("total").decimalValue()).isEqualByComparingTo("29.35");
    }

    @Test
    void anOrderThatCanNeverBeDocumentedIsDeadAtOnceWithAMessageTheShopOwnerUnderstands() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created"));
        ObjectNode badTotal = at(Shop.order("order-727-processing.json"), "processing", "2026-03-01T10:00:00");
        badTotal.put("id", 9101).put("number", "9101").put("total", "abc");
        ObjectNode badCurrency = at(Shop.order("order-727-processing.json"), "processing", "2026-03-01T10:00:00");
        badCurrency.put("id", 9102).put("number", "9102").put("currency", "XYZ1");
        ObjectNode noItems = at(Shop.order("order-727-processing.json"), "processing", "2026-03-01T10:00:00");
        noItems.put("id", 9103).put("number", "9103").putArray("line_items");

        JsonNode total = awaitDead(c, badTotal);
        JsonNode currency = awaitDead(c, badCurrency);
        JsonNode empty = awaitDead(c, noItems);

        assertThat(total.get("lastError").asString()).startsWith("WooCommerce order #9101 of Boutique cannot be documented")
                .contains("total 'abc' is not an amount");
        assertThat(currency.get("lastError").asString()).contains("#9102", "currency 'XYZ1' is not a currency code");
        assertThat(empty.get("lastError").asString()).contains("#9103", "no products");
        for (JsonNode e : List.of(total, currency, empty)) {
            assertThat(e.get("attempts").asInt()).as(e.toString()).isEqualTo(1);
            assertThat(e.get("lastError").asString()).doesNotContain("Exception", "dev.passerelle", "InvalidInput");
        }
        assertThat(documents("externalRef=9101")).isEmpty();
        assertThat(documents("externalRef=9103")).isEmpty();
    }

    /** Delivers the order and waits until its event is dead; returns the event. */
    JsonNode awaitDead(Conn c, ObjectNode order) {
        Api.Response r = Shop.deliver(api, c.url(), c.secret(), "order.created", order);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String eventId = r.body().get("eventId").asString();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "DEAD".equals(api.get("/api/v1/events/" + eventId, tenant.apiKey()).body().get("event").get("status").asString()));
        return api.get("/api/v1/events/" + eventId, tenant.apiKey()).body().get("event");
    }

    @Test
    void aPausedConnectionAcknowledgesButMakesNoDocument() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created"));
        api.post(PATH + "/" + c.id() + "/pause", tenant.apiKey(), null);

        deliver(c, "order.created", Shop.order("order-727-processing.json"));

        assertThat(documents("externalRef=727")).isEmpty();
    }

    @Test
    void aBodyNearTheSizeLimitIsAcceptedAndProcessed() {
        Conn c = connect(Map.of("documentKind", "invoice", "trigger", "created", "language", "de"));
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("id", 9003);
        String filler = "x".repeat(2 * 1024 * 1024 - 6000);
        ((ObjectNode) order.get("line_items").get(0)).putArray("meta_data").addObject().put("id", 1)
                .put("key", "_engraving").put("value", filler);
        byte[] body = Shop.JSON.writeValueAsBytes(order);
        assertThat(body.length).isBetween(2 * 1024 * 1024 - 5000, 2 * 1024 * 1024);

        Api.Response r = Shop.deliver(api, c.url(), c.secret(), "order.created", body);

        assertThat(r.status()).isEqualTo(200);
        awaitProcessed(r.body().get("eventId").asString());
        JsonNode invoice = onlyDocument("9003");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("29.35");
        assertThat(invoice.get("language").asString()).isEqualTo("de");
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("_engraving");
    }
}
