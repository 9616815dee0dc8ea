package dev.passerelle.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * The connections page's inbound hooks tab over real HTTP: a hook created on the page (URL and
 * secret shown once, with copy buttons) receives a delivery signed with that secret; a new URL
 * and secret, deleting; another tenant's hook not found; CSRF; French.
 */
@PasserelleTest
class HookPagesTest {

    private static final Pattern SECRET = Pattern.compile("<code id=\"secret\">([A-Za-z0-9]{40})</code>");
    private static final Pattern URL = Pattern.compile("<code id=\"hook-url\">(http[^<]+)</code>");
    private static final String PAGE = "/console/connections/hooks";

    @Autowired
    Api api;

    @Test
    void aHookCreatedOnThePageShowsItsUrlAndSecretOnceAndTakesASignedDelivery() throws Exception {
        Api.TenantKey tenant = api.createTenant("Crochets Console");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page empty = owner.get(PAGE);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No hook yet.", "aria-current=\"page\"", "Inbound hooks");

        ConsoleClient.Page shown = owner.submit(empty, PAGE, List.of(Map.entry("name", "Orders from the CRM"),
                Map.entry("signed", "true")));

        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.headers().get("cache-control").get(0)).contains("no-store");
        String secret = group(SECRET, shown.body());
        String url = group(URL, shown.body());
        assertThat(shown.body()).contains("data-copy=\"secret\"", "data-copy=\"hook-url\"", "data-copy=\"standard-secret\"",
                "whsec_", "X-Passerelle-Signature", "shown this once");
        JsonNode listed = api.get("/api/v1/hooks", tenant.apiKey()).body();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asString()).isEqualTo("Orders from the CRM");
        assertThat(listed.get(0).get("signed").asBoolean()).isTrue();
        ConsoleClient.Page list = owner.get(PAGE);
        assertThat(list.body()).contains("Orders from the CRM", "never").doesNotContain(secret, url);

        // The secret shown is the one the hook verifies with: a delivery signed with it is taken.
        byte[] body = "{\"order\": 42}".getBytes(StandardCharsets.UTF_8);
        assertThat(deliver(url, body, secret).status()).isEqualTo(200);
        assertThat(deliver(url, body, "x".repeat(40)).status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> !owner.get(PAGE).body().contains(">never<"));
    }

    @Test
    void aNewUrlAndSecretStopTheOldOnesAndDeletingStopsTheUrl() throws Exception {
        Api.TenantKey tenant = api.createTenant("Crochets Rotation");
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));
        ConsoleClient.Page first = member.submit(PAGE, PAGE, Map.of("name", "Rotating", "signed", "true"));
        String oldUrl = group(URL, first.body());
        String oldSecret = group(SECRET, first.body());
        String id = api.get("/api/v1/hooks", tenant.apiKey()).body().get(0).get("id").asString();

        ConsoleClient.Page rotated = member.submit(PAGE, PAGE + "/" + id + "/rotate", Map.of());
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body()).contains("stopped working");
        String newUrl = group(URL, rotated.body());
        String newSecret = group(SECRET, rotated.body());
        assertThat(newUrl).isNotEqualTo(oldUrl);
        assertThat(newSecret).isNotEqualTo(oldSecret);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(deliver(oldUrl, body, oldSecret).status()).isEqualTo(404);
        assertThat(deliver(newUrl, body, newSecret).status()).isEqualTo(200);

        // An unsigned hook: a new URL only, no secret on the page.
        ConsoleClient.Page plain = member.submit(PAGE, PAGE, Map.of("name", "Plain"));
        assertThat(plain.body()).contains("id=\"hook-url\"").doesNotContain("id=\"secret\"");

        ConsoleClient.Page deleted = member.submit(PAGE, PAGE + "/" + id + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.location()).endsWith(PAGE + "?done=deleted");
        assertThat(member.get(PAGE + "?done=deleted").body()).contains("The hook is deleted").doesNotContain("Rotating");
        assertThat(deliver(newUrl, body, newSecret).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/hooks", tenant.apiKey()).body()).hasSize(1);
    }

    @Test
    void aBlankNameIsRefusedOnTheFormAndPostsNeedTheirToken() {
        Api.TenantKey tenant = api.createTenant("Crochets Refus");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page refused = owner.submit(PAGE, PAGE, Map.of("name", "  "));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "id=\"hook-error\"", "name: required");
        assertThat(owner.post(PAGE, Map.of("name", "No token")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/hooks", tenant.apiKey()).body()).isEmpty();
    }

    @Test
    void anotherTenantsHookIsNotFoundThroughTheConsole() {
        Api.TenantKey a = api.createTenant("Crochets A");
        Api.TenantKey b = api.createTenant("Crochets B");
        Api.Response created = api.post("/api/v1/hooks", a.apiKey(), Map.of("name", "Secret hook of A", "signed", true));
        String idOfA = created.body().get("id").asString();
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        assertThat(ownerB.get(PAGE).body()).doesNotContain("Secret hook of A");
        for (String action : new String[] {"rotate", "delete"}) {
            ConsoleClient.Page refused = ownerB.submit(PAGE, PAGE + "/" + idOfA + "/" + action, Map.of());
            assertThat(refused.status()).as(action).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("Secret hook of A");
        }
        assertThat(ownerB.submit(PAGE, PAGE + "/not-an-id/rotate", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/hooks", a.apiKey()).body()).hasSize(1);
        assertThat(deliver(created.body().get("url").asString(), "{}".getBytes(StandardCharsets.UTF_8),
                created.body().get("secret").asString()).status()).isEqualTo(200);

        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.get(PAGE).status()).isEqualTo(403);
    }

    @Test
    void theTabIsInFrench() {
        Api.TenantKey tenant = api.createTenant("Crochets Français");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(account.email(), account.password());
        ConsoleClient.Page page = french.get(PAGE);
        assertThat(page.body()).contains("Webhooks entrants", "Aucun webhook pour l", "Créer le webhook");
        ConsoleClient.Page shown = french.submit(page, PAGE, List.of(Map.entry("name", "Commandes"), Map.entry("signed", "true")));
        assertThat(shown.body()).contains("ne sont affichés qu", "Copier");
    }

    private Api.Response deliver(String url, byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return api.postRaw(url.replaceFirst("^https?://[^/]+", ""), null, body, "application/json",
                    Map.of("X-Passerelle-Signature", signature));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }
}
