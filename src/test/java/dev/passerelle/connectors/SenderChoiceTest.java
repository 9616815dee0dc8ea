package dev.passerelle.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.mail.MailTestServers;
import tools.jackson.databind.JsonNode;

/**
 * send-email with the sender's name and Reply-To chosen, from a route and from an automation: the
 * message GreenMail receives carries them (through the hub the name still says "via Passerelle");
 * a Reply-To that is not an address, or a name on two lines, is refused naming the property.
 */
@PasserelleTest
class SenderChoiceTest {

    @Autowired
    Api api;

    Path file;

    @AfterEach
    void removeRoute() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
            api.post("/api/v1/admin/routes/reload", Api.OPERATOR, null);
        }
    }

    @Test
    void aRouteSendsUnderTheChosenNameAndReplyTo() throws Exception {
        String dir = api.get("/api/v1/admin/routes", Api.OPERATOR).body().get("directory").asString();
        file = Path.of(dir, "sender-choice.camel.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                - route:
                    id: test-sender-choice
                    from:
                      uri: passerelle:hook
                      parameters:
                        hook: "${install.hook}"
                      steps:
                        - to:
                            uri: passerelle:send-email
                            parameters:
                              to: "${event.email}"
                              subject: "Welcome ${event.name}"
                              body: "Glad to have you."
                              fromName: "${event.agent} at Atelier"
                              replyTo: "${install.replyTo}"
                """);
        assertThat(api.post("/api/v1/admin/routes/reload", Api.OPERATOR, null).status()).isEqualTo(200);
        Api.TenantKey tenant = api.createTenant("Atelier Choix");
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Leads")).body().get("url").asString();
        Api.Response installed = api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route",
                "test-sender-choice", "parameters", Map.of("hook", "Leads", "replyTo", "camille@atelier-choix.example")));
        assertThat(installed.status()).as(installed.text()).isEqualTo(201);
        String lead = "lead-" + UUID.randomUUID() + "@client.example";

        api.postRaw(hook, null, ("{\"email\":\"" + lead + "\",\"name\":\"Zoë\",\"agent\":\"Camille\"}").getBytes(),
                "application/json", Map.of());

        MimeMessage m = awaitMessageTo(lead);
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Camille at Atelier via Passerelle");
        assertThat(from.getAddress()).isEqualTo(MailTestServers.HUB_FROM);
        assertThat(m.getHeader("Reply-To")).containsExactly("camille@atelier-choix.example");
    }

    @Test
    void anAutomationEmailsTheCustomerUnderTheChosenNameAndReplyTo() throws Exception {
        Api.TenantKey tenant = api.createTenant("Automation Choix");
        assertThat(api.put("/api/v1/settings/company", tenant.apiKey(), Map.of("name", "Automation Choix",
                "email", "team@automation-choix.example", "defaultLanguage", "en")).status()).isEqualTo(200);
        String customer = "client-" + UUID.randomUUID() + "@client.example";
        String client = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", "Camille Martin",
                "emails", List.of(customer), "language", "en")).body().get("id").asString();
        Map<String, Object> properties = Map.of("subject", "Thanks", "body", "We received {{document.total}}.",
                "fromName", "Sam from {{company.name}}", "replyTo", "sam@automation-choix.example");

        Api.Response badReplyTo = api.post("/api/v1/automations", tenant.apiKey(), automation(
                Map.of("subject", "Thanks", "body", "Hi", "replyTo", "not an address")));
        assertThat(badReplyTo.status()).as(badReplyTo.text()).isEqualTo(400);
        assertThat(badReplyTo.contentType()).startsWith("application/problem+json");
        assertThat(badReplyTo.body().get("detail").asString()).contains("properties.replyTo");
        Api.Response twoLines = api.post("/api/v1/automations", tenant.apiKey(), automation(
                Map.of("subject", "Thanks", "body", "Hi", "fromName", "Sam\r\nBcc: all@example.com")));
        assertThat(twoLines.status()).as(twoLines.text()).isEqualTo(400);
        assertThat(twoLines.body().get("detail").asString()).contains("properties.fromName: one line");

        Api.Response saved = api.post("/api/v1/automations", tenant.apiKey(), automation(properties));
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        String invoice = api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "INVOICE", "clientId", client,
                "currency", "EUR", "lines", List.of(Map.of("description", "Bougie", "quantity", 1, "unitPrice", "10.00",
                        "taxRate", 20)))).body().get("id").asString();
        assertThat(api.post("/api/v1/documents/" + invoice + "/issue", tenant.apiKey(), null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/documents/" + invoice + "/payments", tenant.apiKey(), Map.of()).status())
                .isEqualTo(200);

        MimeMessage m = awaitMessageTo(customer);
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Sam from Automation Choix via Passerelle");
        assertThat(m.getHeader("Reply-To")).containsExactly("sam@automation-choix.example");
    }

    private static Map<String, Object> automation(Map<String, Object> properties) {
        return Map.of("name", "Thank you", "trigger", "document.paid",
                "actions", List.of(Map.of("block", "send-email", "properties", properties)));
    }

    private static MimeMessage awaitMessageTo(String address) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MimeMessage m : MailTestServers.hub().getReceivedMessages()) {
                if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                    return m;
                }
            }
            return null;
        }, m -> m != null);
    }
}
