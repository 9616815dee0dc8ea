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
import tools.jackson.databind.JsonNode;

/**
 * The settings pages added after the first four, over real HTTP: the mail sender's copies, the
 * e-invoicing settings (the store's refusals on the form, the access point key write-only) and
 * email tracking — each read back through the API; members refused 403; CSRF; another tenant's
 * settings never shown; French.
 */
@PasserelleTest
class MoreSettingsPagesTest {

    @Autowired
    Api api;

    @Test
    void copiesAreSavedFromTheMailSenderFormAndKeptWhenAFormLeavesThemOut() {
        Api.TenantKey tenant = api.createTenant("Copies Console");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get("/console/settings/mail");
        assertThat(page.body()).contains("id=\"cc\"", "id=\"bcc\"", "value=\"hub\" checked");

        ConsoleClient.Page tooMany = owner.submit(page, "/console/settings/mail", List.of(Map.entry("sender", "hub"),
                Map.entry("cc", "a@x.example, b@x.example, c@x.example, d@x.example"), Map.entry("bcc", "")));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("cc: at most 3 addresses", "value=\"a@x.example, b@x.example, c@x.example, d@x.example\"");
        ConsoleClient.Page saved = owner.submit(page, "/console/settings/mail", List.of(Map.entry("sender", "hub"),
                Map.entry("cc", "compta@x.example; boss@x.example"), Map.entry("bcc", "archive@x.example")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode settings = api.get("/api/v1/settings/mail", tenant.apiKey()).body();
        assertThat(settings.get("cc").toString()).isEqualTo("[\"compta@x.example\",\"boss@x.example\"]");
        assertThat(settings.get("bcc").toString()).isEqualTo("[\"archive@x.example\"]");
        assertThat(owner.get("/console/settings/mail").body()).contains("value=\"compta@x.example, boss@x.example\"");

        // A form without the fields (an older page, a script) keeps them.
        owner.submit(page, "/console/settings/mail", List.of(Map.entry("sender", "hub"), Map.entry("fromName", "Copies")));
        assertThat(api.get("/api/v1/settings/mail", tenant.apiKey()).body().get("bcc").toString())
                .isEqualTo("[\"archive@x.example\"]");
        // Blank fields clear them.
        owner.submit(page, "/console/settings/mail", List.of(Map.entry("sender", "hub"), Map.entry("cc", ""),
                Map.entry("bcc", " ")));
        assertThat(api.get("/api/v1/settings/mail", tenant.apiKey()).body().get("cc").toString()).isEqualTo("[]");
        // The account sender without an account: the store's refusal, on the form.
        ConsoleClient.Page noAccount = owner.submit(page, "/console/settings/mail", List.of(Map.entry("sender", "account"),
                Map.entry("accountId", "")));
        assertThat(noAccount.status()).isEqualTo(400);
        assertThat(noAccount.body()).contains("accountId: required when sender is account");
    }

    @Test
    void eInvoicingSettingsAreSavedByTheStoreWithItsRefusalsOnTheFormAndTheKeyNeverShown() {
        Api.TenantKey tenant = api.createTenant("Factur-X Console");
        Api.TenantKey other = api.createTenant("Factur-X Autre");
        api.put("/api/v1/settings/e-invoicing", other.apiKey(), Map.of("accessPointUrl", "https://secret-ap.example/api",
                "accessPointKey", "other-key"));
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get("/console/settings/e-invoicing");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Factur-X PDFs", "No key stored.", "By email only")
                .doesNotContain("secret-ap.example");

        ConsoleClient.Page refused = owner.submit(page, "/console/settings/e-invoicing", List.of(
                Map.entry("facturX", "true"), Map.entry("peppolDelivery", "PEPPOL_AND_EMAIL"),
                Map.entry("accessPointUrl", ""), Map.entry("accessPointKey", ""), Map.entry("smpUrl", "")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "connect an access point first");
        ConsoleClient.Page notUrl = owner.submit(page, "/console/settings/e-invoicing", List.of(
                Map.entry("accessPointUrl", "ftp://ap"), Map.entry("peppolDelivery", "OFF")));
        assertThat(notUrl.status()).isEqualTo(400);
        assertThat(notUrl.body()).contains("an http(s) URL", "value=\"ftp://ap\"");

        ConsoleClient.Page saved = owner.submit(page, "/console/settings/e-invoicing", List.of(
                Map.entry("facturX", "true"), Map.entry("peppolDelivery", "PEPPOL_AND_EMAIL"),
                Map.entry("accessPointUrl", "https://ap.example.com/api"), Map.entry("accessPointKey", "ap-key-123"),
                Map.entry("smpUrl", "")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode s = api.get("/api/v1/settings/e-invoicing", tenant.apiKey()).body();
        assertThat(s.get("facturX").asBoolean()).isTrue();
        assertThat(s.get("peppolDelivery").asString()).isEqualTo("PEPPOL_AND_EMAIL");
        assertThat(s.get("accessPointUrl").asString()).isEqualTo("https://ap.example.com/api");
        assertThat(s.get("accessPointKeySet").asBoolean()).isTrue();
        ConsoleClient.Page shown = owner.get("/console/settings/e-invoicing?done=saved");
        assertThat(shown.body()).contains("Saved.", "A key is stored", "value=\"https://ap.example.com/api\"")
                .doesNotContain("ap-key-123");

        // A blank key keeps the stored one; Factur-X unticked turns it off.
        owner.submit(page, "/console/settings/e-invoicing", List.of(Map.entry("peppolDelivery", "PEPPOL_AND_EMAIL"),
                Map.entry("accessPointUrl", "https://ap.example.com/api"), Map.entry("accessPointKey", "")));
        s = api.get("/api/v1/settings/e-invoicing", tenant.apiKey()).body();
        assertThat(s.get("facturX").asBoolean()).isFalse();
        assertThat(s.get("accessPointKeySet").asBoolean()).isTrue();
        assertThat(owner.post("/console/settings/e-invoicing", Map.of("facturX", "true")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/settings/e-invoicing", other.apiKey()).body().get("accessPointUrl").asString())
                .isEqualTo("https://secret-ap.example/api");
    }

    @Test
    void openTrackingIsTurnedOnAndOffAsTheApiDoes() {
        Api.TenantKey tenant = api.createTenant("Suivi Console");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get("/console/settings/tracking");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Tell me when a client opens a document email", "privacy")
                .doesNotContain("checked=\"checked\"");

        assertThat(owner.submit(page, "/console/settings/tracking", List.of(Map.entry("trackOpens", "true"))).status())
                .isEqualTo(302);
        assertThat(api.get("/api/v1/settings/mail/tracking", tenant.apiKey()).body().get("trackOpens").asBoolean()).isTrue();
        assertThat(owner.get("/console/settings/tracking?done=saved").body()).contains("Saved.", "checked=\"checked\"");
        assertThat(owner.submit(page, "/console/settings/tracking", List.of()).status()).isEqualTo(302);
        assertThat(api.get("/api/v1/settings/mail/tracking", tenant.apiKey()).body().get("trackOpens").asBoolean()).isFalse();
        assertThat(owner.post("/console/settings/tracking", Map.of("trackOpens", "true")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/settings/mail/tracking", tenant.apiKey()).body().get("trackOpens").asBoolean()).isFalse();
    }

    @Test
    void aMemberReadsTheseSettingsButCannotChangeThem() {
        Api.TenantKey tenant = api.createTenant("Lecture Factur-X");
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));
        for (String path : new String[] {"/console/settings/e-invoicing", "/console/settings/tracking"}) {
            ConsoleClient.Page page = member.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("Only owners change the settings.", "<fieldset disabled");
            assertThat(member.submit(page, path, List.of(Map.entry("facturX", "true"), Map.entry("trackOpens", "true")))
                    .status()).as(path).isEqualTo(403);
        }
        assertThat(member.submit("/console/settings/mail", "/console/settings/mail", Map.of("sender", "hub",
                "cc", "member@x.example")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/settings/e-invoicing", tenant.apiKey()).body().get("facturX").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/settings/mail/tracking", tenant.apiKey()).body().get("trackOpens").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/settings/mail", tenant.apiKey()).text()).doesNotContain("member@x.example");
    }

    @Test
    void theNewSettingsPagesAreInFrenchAndInTheSettingsTabs() {
        Api.TenantKey tenant = api.createTenant("Réglages Français");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(account.email(), account.password());
        assertThat(french.get("/console/settings/e-invoicing").body()).contains("Facturation électronique",
                "PDF Factur-X", "Par Peppol et par e-mail", "Suivi des e-mails");
        assertThat(french.get("/console/settings/tracking").body()).contains("Me signaler quand un client ouvre");
        assertThat(french.get("/console/settings/mail").body()).contains("Mettre en copie de chaque e-mail de document",
                "Un compte connecté");
        assertThat(new ConsoleClient(api).get("/console/settings/tracking").status()).isEqualTo(302);
    }
}
