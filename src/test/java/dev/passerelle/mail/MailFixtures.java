package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;

import dev.passerelle.Api;
import tools.jackson.databind.JsonNode;

/** A tenant with a company profile, a client and documents, made through the public API. */
final class MailFixtures {

    private final Api api;
    final Api.TenantKey tenant;
    final String clientId;

    MailFixtures(Api api, String company, String clientName, String language, String... emails) {
        this.api = api;
        this.tenant = api.createTenant(company);
        Api.Response profile = api.put("/api/v1/settings/company", tenant.apiKey(), Map.of("name", company,
                "email", "contact@" + slug(company) + ".example", "paymentTermsDays", 14, "defaultLanguage", language));
        assertThat(profile.status()).isEqualTo(200);
        Api.Response client = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", clientName,
                "emails", Arrays.asList(emails), "language", language));
        assertThat(client.status()).as(client.text()).isEqualTo(201);
        this.clientId = client.body().get("id").asString();
    }

    String key() {
        return tenant.apiKey();
    }

    /** An invoice of 2 × 12.50 at 20 % VAT (30.00), issued unless {@code draft}. */
    String invoice(boolean draft) {
        Api.Response created = api.post("/api/v1/documents", tenant.apiKey(), Map.of("kind", "INVOICE",
                "clientId", clientId, "currency", "EUR", "lines", List.of(Map.of("description", "Bougie parfumée",
                        "quantity", 2, "unitPrice", "12.50", "taxRate", 20))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        if (!draft) {
            assertThat(api.post("/api/v1/documents/" + id + "/issue", tenant.apiKey(), null).status()).isEqualTo(200);
        }
        return id;
    }

    JsonNode document(String id) {
        return api.get("/api/v1/documents/" + id, tenant.apiKey()).body();
    }

    JsonNode history(String documentId) {
        return api.get("/api/v1/documents/" + documentId + "/history", tenant.apiKey()).body();
    }

    JsonNode email(String emailId) {
        return api.get("/api/v1/emails/" + emailId, tenant.apiKey()).body();
    }

    String emailStatus(String emailId) {
        return email(emailId).get("status").asString();
    }

    String send(String documentId, Object body) {
        Api.Response r = api.post("/api/v1/documents/" + documentId + "/send", tenant.apiKey(), body);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.body().get("emailId").asString();
    }

    boolean historyHas(String documentId, String action) {
        for (JsonNode entry : history(documentId)) {
            if (entry.get("action").asString().equals(action)) {
                return true;
            }
        }
        return false;
    }

    static List<MimeMessage> received(com.icegreen.greenmail.util.GreenMail server, String messageId) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return messageId.equals(m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String slug(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase();
    }
}
