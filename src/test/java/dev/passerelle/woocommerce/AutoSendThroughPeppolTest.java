package dev.passerelle.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.mail.MailTestServers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A shop's auto-send for a tenant that sends through Peppol instead of email: the invoice of a
 * business buyer Peppol reaches goes to the access point (WireMock) and no email reaches the buyer
 * (GreenMail) until the user sends it by hand; the history says why none went.
 */
@PasserelleTest
class AutoSendThroughPeppolTest {

    @Autowired
    Api api;

    @Test
    void anInvoiceThatGoesThroughPeppolInsteadIsNotEmailedUntilTheUserSendsIt() throws Exception {
        Api.TenantKey tenant = api.createTenant("Brasserie Peppol");
        Api.Response profile = api.put("/api/v1/settings/company", tenant.apiKey(), Map.of("name", "Brasserie Peppol",
                "legalName", "Brasserie Peppol SRL", "vatNumber", "BE0403170701", "email", "factures@brasserie.example",
                "address", Map.of("line1", "Rue du Marché 12", "postcode", "1000", "city", "Bruxelles", "country", "BE")));
        assertThat(profile.status()).as(profile.text()).isEqualTo(200);
        String prefix = "/" + UUID.randomUUID();
        Shop.rest().stubFor(post(urlEqualTo(prefix + "/ap/documents")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"msg-woo\"}")));
        Shop.rest().stubFor(get(urlEqualTo(prefix + "/ap/documents/msg-woo")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"DELIVERED\"}")));
        Api.Response einvoicing = api.put("/api/v1/settings/e-invoicing", tenant.apiKey(), Map.of("peppolDelivery",
                "PEPPOL_INSTEAD_OF_EMAIL", "accessPointUrl", "http://127.0.0.1:" + Shop.rest().port() + prefix + "/ap",
                "accessPointKey", "ap-key-woo"));
        assertThat(einvoicing.status()).as(einvoicing.text()).isEqualTo(200);
        Api.Response connection = api.post("/api/v1/connections/woocommerce", tenant.apiKey(), Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "invoice", "trigger", "paid",
                        "autoSend", true)));
        assertThat(connection.status()).as(connection.text()).isEqualTo(201);

        String buyer = "achats-" + UUID.randomUUID() + "@peeters-bouw.example";
        ObjectNode order = Shop.order("order-727-processing.json");
        ObjectNode billing = (ObjectNode) order.get("billing");
        billing.put("email", buyer).put("company", "Peeters Bouw BV").put("country", "BE").put("postcode", "9000")
                .put("city", "Gent").put("state", "");
        order.withArray("meta_data").addObject().put("id", 13107).put("key", "_billing_vat").put("value", "BE0812345603");
        Api.Response delivered = Shop.deliver(api, connection.body().get("deliveryUrl").asString(),
                connection.body().get("secret").asString(), "order.created", order);
        assertThat(delivered.status()).as(delivered.text()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/documents?externalRef=727", tenant.apiKey())
                .body().get("items").size() == 1);
        String id = api.get("/api/v1/documents?externalRef=727", tenant.apiKey()).body().get("items").get(0).get("id")
                .asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response peppol = api.get("/api/v1/documents/" + id + "/peppol", tenant.apiKey());
            return peppol.status() == 200 && "DELIVERED".equals(peppol.body().get("status").asString());
        });
        assertThat(Shop.rest().findAll(postRequestedFor(urlEqualTo(prefix + "/ap/documents")))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> notes(api, tenant, id).stream()
                .anyMatch(n -> n.startsWith("email.not_sent: not emailed: sent through Peppol instead of email")));
        assertThat(api.get("/api/v1/emails?documentId=" + id, tenant.apiKey()).body().get("items")).isEmpty();

        // The user's own send still emails; it is the only message the buyer ever gets.
        Api.Response sent = api.post("/api/v1/documents/" + id + "/send", tenant.apiKey(), Map.of());
        assertThat(sent.status()).as(sent.text()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !messagesTo(buyer).isEmpty());
        assertThat(messagesTo(buyer)).hasSize(1);
    }

    private static List<String> notes(Api api, Api.TenantKey tenant, String documentId) {
        List<String> notes = new ArrayList<>();
        for (JsonNode entry : api.get("/api/v1/documents/" + documentId + "/history", tenant.apiKey()).body()) {
            notes.add(entry.get("action").asString() + ": " + entry.path("detail").asString(""));
        }
        return notes;
    }

    private static List<String> messagesTo(String address) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (jakarta.mail.internet.MimeMessage m : MailTestServers.hub().getReceivedMessages()) {
            if (java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                subjects.add(m.getSubject());
            }
        }
        return subjects;
    }
}
