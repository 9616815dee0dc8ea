package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * The console's emails pages over HTTP: the outbox with statuses, an email's history, and Resend
 * through the same service as the API — against real SMTP servers (the hub's GreenMail, a server
 * that refuses).
 */
@PasserelleTest
class EmailPagesTest {

    @Autowired
    Api api;

    @Test
    void theListShowsEachEmailsStatusAndTheDetailItsHistoryAndText() {
        Api.TenantKey tenant = api.createTenant("Courriels");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        String id = message(tenant, "ops@courriels.example", "Hello <team>", "Line one & <b>two</b>");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(tenant, id).equals("SENT"));

        String list = owner.get("/console/emails").body();
        assertThat(list).contains("Hello &lt;team&gt;", "ops@courriels.example", "Sent", "/console/emails/" + id);
        assertThat(owner.get("/console/emails?status=SENT").body()).contains("/console/emails/" + id);
        assertThat(owner.get("/console/emails?status=FAILED").body()).contains("No email matches.")
                .doesNotContain("/console/emails/" + id);
        ConsoleClient.Page bad = owner.get("/console/emails?status=LOST");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("role=\"alert\"", "status: one of QUEUED");

        String detail = owner.get("/console/emails/" + id).body();
        assertThat(detail).contains("Queued", "Sent", "History", "Line one &amp; &lt;b&gt;two&lt;/b&gt;")
                .doesNotContain("<b>two</b>", "id=\"resend\"");
        assertThat(detail).containsPattern("<td>Queued</td>[\\s\\S]*<td>Sent</td>");

        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(ConsoleAccounts.active(api, tenant, "MEMBER").email(), ConsoleAccounts.PASSWORD);
        assertThat(french.get("/console/emails/" + id).body()).contains("Historique", "Envoyé");
    }

    @Test
    void aFailedEmailIsResentFromItsPageThroughTheSameServiceAsTheApi() throws Exception {
        Api.TenantKey tenant = api.createTenant("Renvoi");
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));
        String id;
        try (RefusingSmtpServer server = new RefusingSmtpServer("550 5.1.1 <ops@renvoi.example>: User unknown")) {
            assertThat(api.put("/api/v1/settings/mail", tenant.apiKey(), Map.of("sender", "smtp",
                    "fromAddress", "billing@renvoi.example",
                    "smtp", Map.of("host", "127.0.0.1", "port", server.port(), "security", "none"))).status())
                    .isEqualTo(200);
            id = message(tenant, "ops@renvoi.example", "Relance", "Bonjour");
            String failed = id;
            await().atMost(Duration.ofSeconds(20)).until(() -> status(tenant, failed).equals("FAILED"));
        }
        assertThat(api.put("/api/v1/settings/mail", tenant.apiKey(), Map.of("sender", "hub")).status()).isEqualTo(200);
        String path = "/console/emails/" + id;
        String page = member.get(path).body();
        assertThat(page).contains("Failed", "550 5.1.1", "id=\"resend\"");

        assertThat(member.post(path + "/resend", Map.of()).status()).as("no CSRF token").isEqualTo(403);
        assertThat(status(tenant, id)).isEqualTo("FAILED");
        ConsoleClient.Page resent = member.submit(path, path + "/resend", Map.of());

        assertThat(resent.status()).isEqualTo(302);
        assertThat(resent.location()).endsWith(path + "?resent");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(tenant, id).equals("SENT"));
        String messageId = api.get("/api/v1/emails/" + id, tenant.apiKey()).body().get("messageId").asString();
        assertThat(MailFixtures.received(MailTestServers.hub(), messageId)).hasSize(1);
        JsonNode history = api.get("/api/v1/emails/" + id, tenant.apiKey()).body().get("history");
        assertThat(history.toString()).contains("resend requested through the console (member-");

        // Sent: neither the console nor the API sends it again.
        ConsoleClient.Page again = member.submit(path, path + "/resend", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("a sent email is not resent");
        Api.Response viaApi = api.post("/api/v1/emails/" + id + "/resend", tenant.apiKey(), null);
        assertThat(viaApi.status()).isEqualTo(409);
        assertThat(viaApi.contentType()).contains("application/problem+json");
        assertThat(viaApi.text()).contains("a sent email is not resent");
    }

    @Test
    void anotherTenantsEmailIsNotFoundThroughTheConsole() {
        Api.TenantKey a = api.createTenant("Courriels A");
        Api.TenantKey b = api.createTenant("Courriels B");
        String ofA = message(a, "ops@a.example", "Private subject of A", "secret");
        ConsoleClient userOfB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        assertThat(userOfB.get("/console/emails").body()).doesNotContain("Private subject of A");
        assertThat(userOfB.get("/console/emails/" + ofA).status()).isEqualTo(404);
        ConsoleClient.Page resend = userOfB.submit("/console/emails", "/console/emails/" + ofA + "/resend", Map.of());
        assertThat(resend.status()).isEqualTo(404);
        assertThat(resend.body()).doesNotContain("Private subject of A");
    }

    private String message(Api.TenantKey tenant, String to, String subject, String body) {
        Api.Response r = api.post("/api/v1/emails", tenant.apiKey(), Map.of("to", List.of(to),
                "subject", subject, "body", body));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.body().get("id").asString();
    }

    private String status(Api.TenantKey tenant, String id) {
        return api.get("/api/v1/emails/" + id, tenant.apiKey()).body().get("status").asString();
    }
}
