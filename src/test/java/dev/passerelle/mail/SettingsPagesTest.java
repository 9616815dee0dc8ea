package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * The console's settings over real HTTP: each form saved through the API's own services (read back
 * through the API), their refusals on the form, owners only, CSRF, another tenant's settings never
 * shown, French, and the language switch.
 */
@PasserelleTest
class SettingsPagesTest {

    @Autowired
    Api api;

    @Test
    void theCompanyProfileAndLogoAreSavedByTheServiceWithItsChecksOnTheForm() throws Exception {
        Api.TenantKey tenant = api.createTenant("Atelier Réglages");
        Api.TenantKey other = api.createTenant("Autre Atelier");
        api.put("/api/v1/settings/company", other.apiKey(), Map.of("name", "Secret Other", "vatNumber", "FR999",
                "paymentTermsDays", 10));
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        ConsoleClient.Page page = owner.get("/console/settings/company");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"Atelier Réglages\"", "No logo yet.").doesNotContain("Secret Other", "FR999");

        Map<String, String> form = new java.util.HashMap<>(Map.of("name", "Atelier Lumière", "line1", "3 rue des Lilas",
                "postcode", "75011", "city", "Paris", "country", "fr", "vatNumber", "FR12345678901",
                "email", "bonjour@lumiere.example", "iban", "FR7630006000011234567890189", "paymentTermsDays", "45",
                "defaultLanguage", "fr"));
        form.put("accentColor", "#ffff00");
        ConsoleClient.Page refused = owner.submit(page, "/console/settings/company", entries(form));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-error\"", "accentColor: #ffff00 is too light to read on white",
                "value=\"Atelier Lumière\"");
        form.put("accentColor", "#1e3a5f");
        ConsoleClient.Page saved = owner.submit(page, "/console/settings/company", entries(form));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode profile = api.get("/api/v1/settings/company", tenant.apiKey()).body();
        assertThat(profile.get("name").asString()).isEqualTo("Atelier Lumière");
        assertThat(profile.get("address").get("country").asString()).isEqualTo("FR");
        assertThat(profile.get("bank").get("iban").asString()).isEqualTo("FR7630006000011234567890189");
        assertThat(profile.get("paymentTermsDays").asInt()).isEqualTo(45);
        assertThat(profile.get("accentColor").asString()).isEqualTo("#1e3a5f");

        // The logo: a real PNG is kept, anything else is refused with the service's message.
        ConsoleClient.Page notPng = owner.postFile("/console/settings/company/logo",
                Map.of("_csrf", ConsoleClient.hidden(page, "_csrf")), "logo", "logo.png", "GIF89a not a png".getBytes());
        assertThat(notPng.status()).isEqualTo(400);
        assertThat(notPng.body()).contains("logoPng: a PNG image of at most 512 KiB");
        ConsoleClient.Page logo = owner.postFile("/console/settings/company/logo",
                Map.of("_csrf", ConsoleClient.hidden(page, "_csrf")), "logo", "logo.png", png());
        assertThat(logo.status()).as(logo.body()).isEqualTo(302);
        assertThat(api.get("/api/v1/settings/company", tenant.apiKey()).body().get("logoPng").isNull()).isFalse();
        assertThat(owner.get("/console/settings/company?done=logo").body()).contains("Logo saved.", "id=\"logo\"",
                "data:image/png;base64,");
        // Without the token: refused, nothing changed.
        assertThat(owner.post("/console/settings/company", Map.of("name", "No token", "paymentTermsDays", "1"))
                .status()).isEqualTo(403);
        assertThat(api.get("/api/v1/settings/company", tenant.apiKey()).body().get("name").asString())
                .isEqualTo("Atelier Lumière");
        assertThat(api.get("/api/v1/settings/company", other.apiKey()).body().get("name").asString())
                .isEqualTo("Secret Other");
    }

    @Test
    void numberingShowsTheNextNumberAndSavesThroughTheNumberingService() {
        Api.TenantKey tenant = api.createTenant("Numérotation");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get("/console/settings/numbering");
        int year = java.time.LocalDate.now(java.time.ZoneOffset.UTC).getYear();
        assertThat(page.body()).contains("INV-" + year + "-00001", "CN-" + year + "-00001");

        ConsoleClient.Page refused = owner.submit(page, "/console/settings/numbering/INVOICE",
                List.of(Map.entry("template", "FACT-{yyyy}"), Map.entry("yearlyReset", "true")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error-INVOICE\"", "template: must contain {seq} or {seq:N}");
        ConsoleClient.Page saved = owner.submit(page, "/console/settings/numbering/INVOICE",
                List.of(Map.entry("template", "FA-{yy}-{seq:4}"), Map.entry("nextNumber", "116")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode format = api.get("/api/v1/settings/numbering/INVOICE", tenant.apiKey()).body();
        assertThat(format.get("template").asString()).isEqualTo("FA-{yy}-{seq:4}");
        assertThat(format.get("yearlyReset").asBoolean()).isFalse();
        assertThat(format.get("preview").asString()).isEqualTo("FA-" + (year % 100) + "-0116");
        assertThat(owner.get("/console/settings/numbering?done=saved").body()).contains("Saved.",
                "FA-" + (year % 100) + "-0116");
        assertThat(owner.post("/console/settings/numbering/INVOICE", Map.of("template", "X-{seq}")).status())
                .isEqualTo(403);
    }

    @Test
    void theMailSenderIsSavedAndATestEmailGoesThroughTheOutboxWithItsStatusShown() throws Exception {
        Api.TenantKey tenant = api.createTenant("Expéditeur");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get("/console/settings/mail");
        assertThat(page.body()).contains("value=\"hub\" checked", "Send a test email");

        // The service's own checks on the form: own SMTP without a server.
        ConsoleClient.Page refused = owner.submit(page, "/console/settings/mail",
                List.of(Map.entry("sender", "smtp"), Map.entry("fromAddress", "factures@own.example")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("smtp.host: required when sender is smtp", "value=\"factures@own.example\"");
        ConsoleClient.Page saved = owner.submit(page, "/console/settings/mail", List.of(Map.entry("sender", "hub"),
                Map.entry("replyTo", "compta@own.example"), Map.entry("fromName", "Expéditeur SARL")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode settings = api.get("/api/v1/settings/mail", tenant.apiKey()).body();
        assertThat(settings.get("sender").asString()).isEqualTo("hub");
        assertThat(settings.get("replyTo").asString()).isEqualTo("compta@own.example");

        ConsoleClient.Page sent = owner.submit(page, "/console/settings/mail/test", List.of(Map.entry("to", "ivy@own.example")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("id=\"test-status\"", "Sent", "250");
        JsonNode emails = api.get("/api/v1/emails", tenant.apiKey()).body();
        assertThat(emails.toString()).contains("ivy@own.example", "SENT");
        String messageId = api.get("/api/v1/emails/" + emails.get("items").get(0).get("id").asString(), tenant.apiKey())
                .body().get("messageId").asString();
        assertThat(MailFixtures.received(MailTestServers.hub(), messageId)).hasSize(1);

        ConsoleClient.Page noAddress = owner.submit(page, "/console/settings/mail/test", List.of(Map.entry("to", "")));
        assertThat(noAddress.status()).isEqualTo(400);
        assertThat(noAddress.body()).contains("to: required (the company profile has no email)");
        assertThat(owner.post("/console/settings/mail/test", Map.of("to", "ivy@own.example")).status()).isEqualTo(403);
    }

    @Test
    void templatesArePreviewedByTheRealRendererAndSavedPerLanguage() {
        Api.TenantKey tenant = api.createTenant("Modèles");
        Api.TenantKey other = api.createTenant("Autres Modèles");
        api.put("/api/v1/settings/mail/templates/document.invoice/fr", other.apiKey(),
                Map.of("subject", "Secret subject of B", "text", "Secret body"));
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get("/console/settings/templates?kind=document.invoice&language=fr");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("built in", "{document.number}").doesNotContain("Secret subject of B");

        ConsoleClient.Page preview = owner.submit(page, "/console/settings/templates/document.invoice/fr", List.of(
                Map.entry("subject", "Facture {document.number}"), Map.entry("text", "Bonjour {client.name},\n\n{typo.here}"),
                Map.entry("action", "preview")));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview\"", "Facture INV-2026-00042", "Bonjour Hélène Faure,",
                "{typo.here}", "<iframe id=\"preview-html\" sandbox=\"\"");
        assertThat(api.get("/api/v1/settings/mail/templates/document.invoice/fr", tenant.apiKey()).body()
                .get("overridden").asBoolean()).isFalse();

        ConsoleClient.Page saved = owner.submit(page, "/console/settings/templates/document.invoice/fr", List.of(
                Map.entry("subject", "Facture {document.number}"), Map.entry("text", "Bonjour {client.name}"),
                Map.entry("action", "save")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode t = api.get("/api/v1/settings/mail/templates/document.invoice/fr", tenant.apiKey()).body();
        assertThat(t.get("overridden").asBoolean()).isTrue();
        assertThat(t.get("subject").asString()).isEqualTo("Facture {document.number}");
        assertThat(api.get("/api/v1/settings/mail/templates/document.invoice/en", tenant.apiKey()).body()
                .get("overridden").asBoolean()).isFalse();

        ConsoleClient.Page blank = owner.submit(page, "/console/settings/templates/document.invoice/fr", List.of(
                Map.entry("subject", ""), Map.entry("text", "x"), Map.entry("action", "save")));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("id=\"form-error\"");
        assertThat(owner.submit(page, "/console/settings/templates/document.invoice/fr",
                List.of(Map.entry("action", "reset"))).status()).isEqualTo(302);
        assertThat(api.get("/api/v1/settings/mail/templates/document.invoice/fr", tenant.apiKey()).body()
                .get("overridden").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/settings/mail/templates/document.invoice/fr", other.apiKey()).body()
                .get("subject").asString()).isEqualTo("Secret subject of B");
    }

    @Test
    void aMemberReadsTheSettingsButCannotChangeThem() {
        Api.TenantKey tenant = api.createTenant("Lecture seule");
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));
        ConsoleClient.Page company = member.get("/console/settings/company");
        assertThat(company.status()).isEqualTo(200);
        assertThat(company.body()).contains("Only owners change the settings.", "<fieldset disabled")
                .doesNotContain("Upload the logo");
        assertThat(member.submit(company, "/console/settings/company", List.of(Map.entry("name", "Taken over"),
                Map.entry("paymentTermsDays", "1"))).status()).isEqualTo(403);
        assertThat(member.postFile("/console/settings/company/logo", Map.of("_csrf", ConsoleClient.hidden(company, "_csrf")),
                "logo", "logo.png", new byte[] {1}).status()).isEqualTo(403);
        assertThat(member.submit(company, "/console/settings/numbering/INVOICE", List.of(Map.entry("template", "M-{seq}")))
                .status()).isEqualTo(403);
        ConsoleClient.Page mail = member.get("/console/settings/mail");
        assertThat(mail.status()).isEqualTo(200);
        assertThat(mail.body()).doesNotContain("id=\"to\"");
        assertThat(member.submit(mail, "/console/settings/mail", List.of(Map.entry("sender", "hub"),
                Map.entry("replyTo", "member@x.example"))).status()).isEqualTo(403);
        assertThat(member.submit(mail, "/console/settings/mail/test", List.of(Map.entry("to", "member@x.example")))
                .status()).isEqualTo(403);
        assertThat(member.submit(mail, "/console/settings/templates/test/en", List.of(Map.entry("subject", "S"),
                Map.entry("text", "T"), Map.entry("action", "save"))).status()).isEqualTo(403);
        // A preview stores nothing, so a member may look.
        assertThat(member.submit(mail, "/console/settings/templates/test/en", List.of(Map.entry("subject", "S"),
                Map.entry("text", "T"), Map.entry("action", "preview"))).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/settings/company", tenant.apiKey()).body().get("name").asString())
                .isEqualTo("Lecture seule");
        assertThat(api.get("/api/v1/settings/numbering/INVOICE", tenant.apiKey()).body().get("template").asString())
                .isEqualTo("INV-{yyyy}-{seq:5}");
        assertThat(api.get("/api/v1/settings/mail", tenant.apiKey()).text()).doesNotContain("member@x.example");
    }

    @Test
    void pagesAreInFrenchAndTheLanguageSwitchOverridesTheBrowsersLanguage() {
        Api.TenantKey tenant = api.createTenant("Langues");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(account.email(), account.password());
        ConsoleClient.Page page = french.get("/console/settings/numbering");
        assertThat(page.body()).contains("Numérotation", "Prochain numéro", "Recommencer à 1 chaque année");

        // Switched to English: the cookie wins over Accept-Language, and the switch goes back to the page.
        ConsoleClient.Page switched = french.submit(page, "/console/language",
                List.of(Map.entry("lang", "en"), Map.entry("next", "/console/settings/numbering")));
        assertThat(switched.status()).isEqualTo(302);
        assertThat(switched.location()).endsWith("/console/settings/numbering");
        assertThat(switched.cookies()).anyMatch(c -> c.startsWith("passerelle_lang=en"));
        assertThat(french.get("/console/settings/numbering").body()).contains("Start again at 1 each year")
                .doesNotContain("Recommencer");
        // Elsewhere than this site: back to the overview instead.
        assertThat(french.submit(page, "/console/language", List.of(Map.entry("lang", "fr"),
                Map.entry("next", "//evil.example/x"))).location()).doesNotContain("evil");
        assertThat(french.get("/console/settings/mail").body()).contains("Expéditeur des e-mails");
    }

    private static List<Map.Entry<String, String>> entries(Map<String, String> form) {
        return form.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    private static byte[] png() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
