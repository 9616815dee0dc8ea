package dev.passerelle.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.HmacSha256;
import tools.jackson.databind.JsonNode;

/** The three shipped examples in routes/examples/, loaded from their files and run against real parts. */
@PasserelleTest
class ExampleRoutesTest {

    static final WireMockServer chat = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;
    @Autowired
    Scheduler scheduler;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Value("${passerelle.data-dir}")
    String dataDir;

    Api.TenantKey tenant;

    @BeforeEach
    void tenant() {
        if (!chat.isRunning()) {
            chat.start();
        }
        tenant = api.createTenant("Atelier " + UUID.randomUUID());
    }

    @AfterEach
    void clear() throws IOException {
        RouteFixtures.clear(files);
    }

    @AfterAll
    static void stop() {
        chat.stop();
    }

    @Test
    void aPaidInvoicePostsASignedMessageToTheChat() throws IOException {
        RouteFixtures.example(files, "paid-invoice-to-chat.camel.yaml");
        chat.stubFor(post(urlPathEqualTo("/hooks/T1")).willReturn(aResponse().withStatus(200).withBody("ok")));
        JsonNode installation = install("paid-invoice-to-chat", Map.of(
                "chatWebhookUrl", chat.baseUrl() + "/hooks/T1", "signingSecret", "chat-secret"));
        assertThat(installation.get("parameters").get("signingSecret").get("secret").asString()).isEqualTo("set");

        String invoiceId = paidInvoice("Zoë Ångström");

        List<LoggedRequest> posts = await().atMost(Duration.ofSeconds(20)).until(
                () -> chat.findAll(postRequestedFor(urlPathEqualTo("/hooks/T1"))), l -> !l.isEmpty());
        LoggedRequest request = posts.get(0);
        String body = request.getBodyAsString();
        JsonNode message = api.json(body);
        assertThat(message.get("text").asString()).matches("Invoice INV-\\d{4}-00001 paid by Zoë Ångström: 24.20 EUR");
        assertThat(request.getHeader("X-Passerelle-Signature")).isEqualTo("sha256="
                + HexFormat.of().formatHex(HmacSha256.sign("chat-secret", body.getBytes(StandardCharsets.UTF_8))));
        assertThat(request.getHeader("Idempotency-Key")).startsWith("route:" + installation.get("id").asString() + ":");

        JsonNode run = doneRun(installation);
        assertThat(run.get("trigger").asString()).isEqualTo("document.paid");
        JsonNode detail = api.get(runPath(installation, run), tenant.apiKey()).body();
        assertThat(detail.get("trigger").get("documentId").asString()).isEqualTo(invoiceId);
        assertThat(detail.get("steps").get(0).get("result").get("status").asInt()).isEqualTo(200);
    }

    @Test
    void aCrmContactPostedToAHookBecomesAClientOnce() throws IOException {
        RouteFixtures.example(files, "crm-contact-to-client.camel.yaml");
        Api.Response hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "CRM"));
        JsonNode installation = install("crm-contact-to-client", Map.of("hook", "CRM"));
        String contact = """
                {"kind": "crm.contact", "contact": {"id": "c-42", "mail": "zoe@example.com",
                 "first": "Zoë", "last": "Müller", "org": "Atelier Zoë"}}""";

        String url = hook.body().get("url").asString();
        api.postRaw(url, null, contact.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        api.postRaw(url, null, "{\"kind\": \"crm.deal\", \"contact\": {\"mail\": \"deal@example.com\"}}"
                .getBytes(StandardCharsets.UTF_8), "application/json", Map.of());

        JsonNode run = doneRun(installation);
        JsonNode clients = api.get("/api/v1/clients", tenant.apiKey()).body().get("items");
        assertThat(clients).hasSize(1);
        JsonNode client = clients.get(0);
        assertThat(client.get("name").asString()).isEqualTo("Zoë Müller");
        assertThat(client.get("company").asString()).isEqualTo("Atelier Zoë");
        assertThat(client.get("emails").get(0).asString()).isEqualTo("zoe@example.com");

        // Replayed, the run finds its recorded effect: still one client, updated in place if anything.
        assertThat(api.post(runPath(installation, run) + "/replay", tenant.apiKey(), null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(runPath(installation, run), tenant.apiKey()).body()
                .get("run").get("status").asString().equals("DONE"));
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/route-installations/" + installation.get("id").asString() + "/runs",
                tenant.apiKey()).body().get("items")).hasSize(1);
    }

    @Test
    void theNightlyExportWritesYesterdaysInvoicesAsCsvInTheTenantsFolder() throws Exception {
        RouteFixtures.example(files, "nightly-invoice-export.camel.yaml");
        install("nightly-invoice-export", Map.of());
        paidInvoice("Jürgen Groß, GmbH");

        // Fire the clustered schedule now, as Quartz would at 02:00; the route exports "yesterday"
        // relative to the firing, so shift the documents' issue date back by a day first.
        jdbc.sql("UPDATE document SET issue_date = ? WHERE tenant_id = ?")
                .params(java.sql.Date.valueOf(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1)),
                        tenant.tenantId()).update();
        scheduler.triggerJob(JobKey.jobKey("nightly-invoice-export", ScheduleRunStarter.GROUP));

        Path folder = Path.of(dataDir, "exports", tenant.tenantId().toString());
        Path csv = await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(folder)
                ? Files.list(folder).findFirst().orElse(null) : null, p -> p != null);
        String text = Files.readString(csv);
        assertThat(csv.getFileName().toString()).matches("invoices-\\d{4}-\\d{2}-\\d{2}\\.csv");
        assertThat(text).startsWith("number,issueDate,dueDate,clientName,currency,total,balance,status\r\n");
        assertThat(text).contains(",\"Jürgen Groß, GmbH\",EUR,24.20,0.00,PAID\r\n");
    }

    private JsonNode install(String route, Map<String, Object> parameters) {
        Api.Response created = api.post("/api/v1/route-installations", tenant.apiKey(),
                Map.of("route", route, "parameters", parameters));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body();
    }

    private String paidInvoice(String clientName) {
        String clientId = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", clientName,
                "emails", List.of("buyer-" + UUID.randomUUID() + "@example.com"))).body().get("id").asString();
        Api.Response draft = api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "INVOICE",
                "clientId", clientId, "currency", "EUR", "lines", List.of(Map.of("type", "ITEM",
                        "description", "Lampe", "quantity", "2", "unitPrice", "10.00", "taxRate", "21"))));
        assertThat(draft.status()).as(draft.text()).isEqualTo(201);
        String id = draft.body().get("id").asString();
        api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null);
        assertThat(api.post("/api/v1/documents/" + id + "/payments", tenant.apiKey(), null).status()).isEqualTo(200);
        return id;
    }

    private JsonNode doneRun(JsonNode installation) {
        String path = "/api/v1/route-installations/" + installation.get("id").asString() + "/runs";
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = api.get(path, tenant.apiKey()).body().get("items");
            return items.isEmpty() ? null : items.get(0);
        }, r -> r != null && r.get("status").asString().equals("DONE"));
    }

    private static String runPath(JsonNode installation, JsonNode run) {
        return "/api/v1/route-installations/" + installation.get("id").asString() + "/runs/" + run.get("id").asString();
    }
}
