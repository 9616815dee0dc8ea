package dev.passerelle.einvoicing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static dev.passerelle.einvoicing.Sellers.line;
import static dev.passerelle.einvoicing.Sellers.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * Invoices through Peppol, with WireMock as the SMP and as the access point: the SMP lookup of the
 * id derived from the VAT number, the outbox's retries with one idempotency key, the delivery
 * status, the rejection's reason, the document's history and the domain events.
 */
@PasserelleTest
class PeppolTest {

    private static WireMockServer server;

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PeppolInUse inUse;

    Sellers seller;
    String prefix;

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    @BeforeEach
    void sellerWithAnAccessPoint() {
        seller = Sellers.belgian(api, "Brasserie du Parc");
        prefix = "/" + UUID.randomUUID();
        String base = "http://127.0.0.1:" + server().port() + prefix;
        Api.Response saved = api.put("/api/v1/settings/e-invoicing", seller.key(), Map.of("peppolDelivery",
                "PEPPOL_AND_EMAIL", "accessPointUrl", base + "/ap", "accessPointKey", "ap-key-1", "smpUrl", base + "/smp"));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.text()).doesNotContain("ap-key-1");
        assertThat(saved.body().get("accessPointKeySet").asBoolean()).isTrue();
    }

    @Test
    void aBelgianCompanysInvoiceGoesThroughTheAccessPointOnceAndIsDelivered() {
        smp("0208:0812345603", 200);
        // The access point is down once: the outbox retries with the same idempotency key.
        server().stubFor(post(urlEqualTo(prefix + "/ap/documents")).inScenario(prefix).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        server().stubFor(post(urlEqualTo(prefix + "/ap/documents")).inScenario(prefix).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"msg-1\"}")));
        server().stubFor(get(urlEqualTo(prefix + "/ap/documents/msg-1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"DELIVERED\"}")));

        String id = seller.issued("INVOICE", seller.belgianCompany(), lines(
                line("ITEM", "Fût de bière 30 l", "2", "95.00", "10.00", "21"),
                line("SHIPPING", "Livraison", "1", "15.00", null, "21")), Map.of());

        JsonNode delivered = awaitStatus(id, "DELIVERED");
        assertThat(delivered.get("receiver").asString()).isEqualTo("0208:0812345603");
        assertThat(delivered.get("messageId").asString()).isEqualTo("msg-1");
        List<LoggedRequest> sent = server().findAll(postRequestedFor(urlEqualTo(prefix + "/ap/documents")));
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(delivered.get("id").asString());
        LoggedRequest request = sent.get(1);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer ap-key-1");
        assertThat(request.getHeader("Peppol-Receiver")).isEqualTo("0208:0812345603");
        assertThat(request.getHeader("Peppol-Sender")).isEqualTo("0208:0403170701");
        assertThat(request.getHeader("Content-Type")).startsWith("application/xml");
        assertThat(PublishedRules.peppolInvoiceErrors(request.getBody())).isEmpty();
        assertThat(request.getBody()).isEqualTo(api.get("/api/v1/documents/" + id + "/ubl", seller.key()).raw());
        assertThat(server().findAll(getRequestedFor(urlMatching(prefix + "/smp/.*"))).get(0).getUrl())
                .contains("iso6523-actorid-upis%3A%3A0208%3A0812345603/services/busdox-docid-qns%3A%3A");

        assertThat(history(id)).containsSubsequence("peppol.queued", "peppol.sent", "peppol.delivered");
        JsonNode events = api.get("/api/v1/domain-events?type=document.peppol_delivered&subjectId=" + id, seller.key()).body();
        assertThat(events.get("items")).hasSize(1);
        assertThat(events.get("items").get(0).get("payload").get("receiver").asString()).isEqualTo("0208:0812345603");
        assertThat(api.get("/api/v1/clients/" + clientOf(id) + "/e-invoicing", seller.key()).body().get("smpFound")
                .asBoolean()).isTrue();

        Api.Response again = api.post("/api/v1/documents/" + id + "/peppol", seller.key(), null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asString()).isEqualTo(delivered.get("id").asString());
        assertThat(server().findAll(postRequestedFor(urlEqualTo(prefix + "/ap/documents")))).hasSize(2);
    }

    @Test
    void aRejectionIsKeptWithItsReason() {
        smp("9957:FR40123456789", 200);
        server().stubFor(post(urlEqualTo(prefix + "/ap/documents")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Invalid document\",\"detail\":\"[BR-CO-15] totals do not add up\"}")));
        String client = seller.frenchCompany();
        api.put("/api/v1/clients/" + client + "/e-invoicing", seller.key(), Map.of("delivery", "PEPPOL"));

        String id = seller.issued("INVOICE", client, lines(line("ITEM", "Licence", "1", "120.00", null, "0")), Map.of());

        JsonNode rejected = awaitStatus(id, "REJECTED");
        assertThat(rejected.get("reason").asString()).contains("HTTP 422", "[BR-CO-15] totals do not add up");
        assertThat(history(id)).contains("peppol.rejected");
        assertThat(api.get("/api/v1/domain-events?type=document.peppol_rejected&subjectId=" + id, seller.key()).body()
                .get("items").get(0).get("payload").get("reason").asString()).contains("BR-CO-15");
    }

    @Test
    void aClientTheSmpDoesNotKnowKeepsItsEmail() {
        smp("0208:0812345603", 404);
        String client = seller.belgianCompany();

        String id = seller.issued("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());

        await().atMost(Duration.ofSeconds(20)).until(() -> history(id).contains("peppol.not_sent"));
        assertThat(api.get("/api/v1/documents/" + id + "/peppol", seller.key()).status()).isEqualTo(404);
        Api.Response asked = api.post("/api/v1/documents/" + id + "/peppol", seller.key(), null);
        assertThat(asked.status()).isEqualTo(409);
        assertThat(asked.body().get("detail").asString()).contains("not registered");
        assertThat(api.get("/api/v1/clients/" + client + "/e-invoicing", seller.key()).body().get("smpFound").asBoolean())
                .isFalse();
        assertThat(server().findAll(postRequestedFor(urlEqualTo(prefix + "/ap/documents")))).isEmpty();
    }

    @Test
    void theSendPeppolBuildingBlockQueuesADocumentOnce() {
        smp("0208:0812345603", 200);
        server().stubFor(post(urlEqualTo(prefix + "/ap/documents")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"msg-9\"}")));
        server().stubFor(get(urlEqualTo(prefix + "/ap/documents/msg-9")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"PENDING\"}")));
        String client = seller.belgianCompany();
        // This client gets email only, so nothing goes out on issue: the route's step sends it.
        api.put("/api/v1/clients/" + client + "/e-invoicing", seller.key(), Map.of("delivery", "EMAIL"));
        String id = seller.issued("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());
        assertThat(api.get("/api/v1/documents/" + id + "/peppol", seller.key()).status()).isEqualTo(404);

        Api.Response first = api.post("/api/v1/actions/send-peppol", seller.key(), Map.of("documentId", id));
        Api.Response second = api.post("/api/v1/actions/send-peppol", seller.key(), Map.of("documentId", id));

        assertThat(first.status()).as(first.text()).isIn(200, 201);
        assertThat(first.body().get("receiver").asString()).isEqualTo("0208:0812345603");
        assertThat(second.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
        JsonNode sent = awaitStatus(id, "SENT");
        assertThat(sent.get("messageId").asString()).isEqualTo("msg-9");
        assertThat(server().findAll(postRequestedFor(urlEqualTo(prefix + "/ap/documents")))).hasSize(1);
    }

    @Test
    void settingsAreCheckedAndTheKeyIsNeverShown() {
        Api.Response noAccessPoint = api.put("/api/v1/settings/e-invoicing", api.createTenant("T").apiKey(),
                Map.of("peppolDelivery", "PEPPOL_AND_EMAIL"));
        assertThat(noAccessPoint.status()).isEqualTo(400);
        assertThat(noAccessPoint.body().get("detail").asString()).contains("connect an access point first");
        assertThat(api.put("/api/v1/settings/e-invoicing", seller.key(), Map.of("peppolDelivery", "SOMETIMES")).status())
                .isEqualTo(400);
        assertThat(api.put("/api/v1/clients/" + seller.belgianCompany() + "/e-invoicing", seller.key(),
                Map.of("peppolId", "not an id")).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/settings/e-invoicing", seller.key()).text()).doesNotContain("ap-key-1");
    }

    /**
     * A client's own Peppol-instead-of-email choice: an automation's send-document on issue does not
     * email it (the run says so, and the history), the access point gets it; the user's Send does email.
     */
    @Test
    void aClientThatGetsPeppolInsteadOfEmailIsNotEmailedByAnAutomation() throws Exception {
        smp("0208:0812345603", 200);
        server().stubFor(post(urlEqualTo(prefix + "/ap/documents")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"msg-auto\"}")));
        server().stubFor(get(urlEqualTo(prefix + "/ap/documents/msg-auto")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"PENDING\"}")));
        String address = "jan-" + UUID.randomUUID() + "@peeters-bouw.example";
        String client = seller.client("Jan Peeters", "Peeters Bouw BV", address,
                Map.of("line1", "Kerkstraat 1", "postcode", "9000", "city", "Gent", "country", "BE"), "BE0812345603", "nl");
        assertThat(api.put("/api/v1/clients/" + client + "/e-invoicing", seller.key(), Map.of("delivery", "PEPPOL"))
                .status()).isEqualTo(200);
        Api.Response automation = api.post("/api/v1/automations", seller.key(), Map.of("name", "Send on issue",
                "trigger", "document.issued", "actions", List.of(Map.of("block", "send-document", "properties", Map.of()))));
        assertThat(automation.status()).as(automation.text()).isEqualTo(201);
        String runs = "/api/v1/automations/" + automation.body().get("id").asString() + "/runs";

        String id = seller.issued("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());

        JsonNode run = await().atMost(Duration.ofSeconds(30)).until(() -> api.get(runs, seller.key()).body().get("items"),
                items -> items.size() == 1 && "DONE".equals(items.get(0).get("status").asString())).get(0);
        JsonNode result = run.get("outcome").get("actions").get(0).get("result");
        assertThat(result.get("emailed").asBoolean(true)).as(run.toString()).isFalse();
        assertThat(result.get("reason").asString()).isEqualTo("sent through Peppol instead of email (to 0208:0812345603)");
        assertThat(awaitStatus(id, "SENT").get("messageId").asString()).isEqualTo("msg-auto");
        assertThat(history(id)).contains("email.not_sent", "peppol.queued");
        assertThat(api.get("/api/v1/emails?documentId=" + id, seller.key()).body().get("items")).isEmpty();

        Api.Response sent = api.post("/api/v1/documents/" + id + "/send", seller.key(), Map.of());
        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> received(address) > 0);
        assertThat(received(address)).isOne();
    }

    private static int received(String address) throws Exception {
        int n = 0;
        for (jakarta.mail.internet.MimeMessage m : dev.passerelle.mail.MailTestServers.hub().getReceivedMessages()) {
            n += java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address)) ? 1 : 0;
        }
        return n;
    }

    /** Every delivery setting the API offers fits its column (PEPPOL_INSTEAD_OF_EMAIL did not: a 500 on PostgreSQL). */
    @Test
    void everyDeliverySettingIsSavedAndReadBack() {
        for (String delivery : List.of("PEPPOL_INSTEAD_OF_EMAIL", "PEPPOL_AND_EMAIL", "OFF")) {
            Api.Response saved = api.put("/api/v1/settings/e-invoicing", seller.key(), Map.of("peppolDelivery", delivery));
            assertThat(saved.status()).as(saved.text()).isEqualTo(200);
            assertThat(api.get("/api/v1/settings/e-invoicing", seller.key()).body().get("peppolDelivery").asString())
                    .isEqualTo(delivery);
        }
        String client = seller.belgianCompany();
        for (String delivery : List.of("PEPPOL", "PEPPOL_AND_EMAIL", "EMAIL", "DEFAULT")) {
            Api.Response saved = api.put("/api/v1/clients/" + client + "/e-invoicing", seller.key(),
                    Map.of("delivery", delivery));
            assertThat(saved.status()).as(saved.text()).isEqualTo(200);
            assertThat(api.get("/api/v1/clients/" + client + "/e-invoicing", seller.key()).body().get("delivery")
                    .asString()).isEqualTo(delivery);
        }
    }

    /**
     * While no tenant and no client sends through Peppol, an issued document gets no Peppol
     * delivery to claim and close for nothing (in bench/orders, one per shop order); the first
     * tenant to switch it on is seen by its own instance at once.
     */
    @Test
    void whileNobodySendsThroughPeppolAnIssuedDocumentQueuesNothingForIt() {
        jdbc.sql("UPDATE einvoicing_settings SET peppol_delivery = 'OFF'").update();
        jdbc.sql("UPDATE einvoicing_client SET delivery = 'DEFAULT' WHERE delivery IN ('PEPPOL', 'PEPPOL_AND_EMAIL')")
                .update();
        inUse.refresh();
        String client = seller.belgianCompany();

        String quiet = seller.issued("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());
        assertThat(peppolDeliveries(quiet)).isZero();

        Api.Response on = api.put("/api/v1/settings/e-invoicing", seller.key(), Map.of("peppolDelivery", "PEPPOL_AND_EMAIL"));
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        String sent = seller.issued("INVOICE", client, lines(line("ITEM", "Fût", "1", "95.00", null, "21")), Map.of());
        assertThat(peppolDeliveries(sent)).isOne();
    }

    private int peppolDeliveries(String documentId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM event_delivery d JOIN domain_event e ON e.id = d.event_id
                WHERE e.subject_id = ? AND e.type = 'document.issued' AND d.subscriber = 'einvoicing.peppol-auto-send'""")
                .param(UUID.fromString(documentId)).query(Integer.class).single();
    }

    private void smp(String participant, int status) {
        server().stubFor(get(urlMatching(prefix + "/smp/.*" + participant.replace(":", "%3A") + "/services/.*"))
                .willReturn(aResponse().withStatus(status).withBody(status == 200 ? "<SignedServiceMetadata/>" : "")));
    }

    private JsonNode awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response r = api.get("/api/v1/documents/" + id + "/peppol", seller.key());
            return r.status() == 200 && status.equals(r.body().get("status").asString());
        });
        return api.get("/api/v1/documents/" + id + "/peppol", seller.key()).body();
    }

    private List<String> history(String id) {
        JsonNode h = api.get("/api/v1/documents/" + id + "/history", seller.key()).body();
        return h.valueStream().map(e -> e.get("action").asString()).toList();
    }

    private String clientOf(String id) {
        return api.get("/api/v1/documents/" + id, seller.key()).body().get("clientId").asString();
    }
}
