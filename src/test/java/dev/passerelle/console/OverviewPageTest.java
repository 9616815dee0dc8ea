package dev.passerelle.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;

/** The overview counts what the tenant did today, through the features' services, and nothing of another tenant. */
@PasserelleTest
class OverviewPageTest {

    @Autowired
    Api api;

    @Test
    void todaysDocumentsEmailsOrdersAndTroubledEventsOfTheSignedInTenantOnly() {
        Api.TenantKey busy = api.createTenant("Atelier Occupé");
        Api.TenantKey quiet = api.createTenant("Atelier Calme");
        String client = api.post("/api/v1/clients", busy.apiKey(), Map.of("name", "Buyer",
                "emails", List.of("buyer@busy.example"))).body().get("id").asString();
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/v1/documents", busy.apiKey(), Map.of("kind", "INVOICE", "clientId", client,
                    "currency", "EUR", "lines", List.of(Map.of("description", "Lamp", "quantity", 1,
                            "unitPrice", "10.00", "taxRate", "20")))).status()).isEqualTo(201);
        }
        assertThat(api.post("/api/v1/emails", busy.apiKey(), Map.of("to", List.of("ops@busy.example"),
                "subject", "Hello", "body", "Hello")).status()).isEqualTo(202);

        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, busy, "OWNER"));
        String page = owner.get("/").body();

        assertThat(page).contains("Atelier Occupé", "Draft: 2", "0 failing (waiting for a retry), 0 dead");
        // The message, and the owner's invitation: it went out through the tenant's outbox too.
        assertThat(page).containsPattern("<ul id=\"emails-today\">\\s*<li>[A-Za-z ()]+: 2</li>\\s*</ul>");
        assertThat(page).containsPattern("id=\"orders-today\">0<");

        ConsoleClient other = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, quiet, "MEMBER"));
        String quietPage = other.get("/").body();
        assertThat(quietPage).contains("Atelier Calme").doesNotContain("Atelier Occupé", "documents-today");
        // Only its own member's invitation.
        assertThat(quietPage).containsPattern("<ul id=\"emails-today\">\\s*<li>[A-Za-z ()]+: 1</li>\\s*</ul>");

        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(ConsoleAccounts.active(api, busy, "MEMBER").email(), ConsoleAccounts.PASSWORD);
        assertThat(french.get("/").body()).contains("Brouillon: 2", "lang=\"fr\"");
    }
}
