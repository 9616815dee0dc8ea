package dev.passerelle.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * The connections page's accounts tab over real HTTP, against the test authorization server: the
 * page's button begins the API's flow and sends the browser to the provider, the redirect URI
 * brings it back to the page; NEEDS_RECONNECT shown with its reason and reconnected; chosen as the
 * mail sender; disconnected; another tenant's account not found; CSRF; French.
 */
@PasserelleTest
class AccountPagesTest {

    private static final String PAGE = "/console/connections/accounts";

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anOwnerConnectsAnAccountFromThePageComesBackToItReconnectsAndDisconnects() throws Exception {
        Api.TenantKey tenant = api.createTenant("Comptes Console");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        ConsoleClient.Page page = owner.get(PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("No account is connected yet.", "Test provider", "Google", "Microsoft",
                "value=\"mail\" checked");
        // The connect form ends in a redirect to the provider: the page's policy lets the form go there.
        String csp = page.headers().get("content-security-policy").get(0);
        assertThat(csp).contains("form-action 'self' ", origin(TestAuthorizationServer.issuer()), origin(ProviderMocks.baseUrl()))
                .contains("script-src 'self'");

        ConsoleClient.Page toProvider = owner.submit(page, PAGE, List.of(Map.entry("provider", "test"),
                Map.entry("purpose", "mail")));
        assertThat(toProvider.status()).as(toProvider.body()).isEqualTo(302);
        assertThat(toProvider.location()).startsWith(TestAuthorizationServer.issuer()).contains("code_challenge=");
        assertThat(toProvider.cookies()).anyMatch(c -> c.startsWith(AccountPages.RETURN_COOKIE + "=console")
                && c.contains("Path=/accounts/callback") && c.contains("HttpOnly"));

        ConsoleClient.Page back = owner.get(ConnectedAccountsTest.callbackQuery(Browser.authorize(toProvider.location(), "bob")));
        assertThat(back.status()).as(back.body()).isEqualTo(302);
        assertThat(back.location()).endsWith(PAGE + "?done=connected");
        JsonNode listed = api.get("/api/v1/accounts", tenant.apiKey()).body();
        assertThat(listed).hasSize(1);
        UUID id = UUID.fromString(listed.get(0).get("id").asString());
        ConsoleClient.Page connected = owner.get(PAGE + "?done=connected");
        assertThat(connected.body()).contains("The account is connected.", "bob@shop.test", "Sending email", "Connected")
                .doesNotContain("Needs reconnecting");

        // Chosen as the sender on the mail settings page: the store's own checks, From the account's address.
        ConsoleClient.Page mail = owner.get("/console/settings/mail");
        assertThat(mail.body()).contains("bob@shop.test", "value=\"account\"");
        ConsoleClient.Page saved = owner.submit(mail, "/console/settings/mail", List.of(Map.entry("sender", "account"),
                Map.entry("accountId", id.toString()), Map.entry("fromAddress", "typed@elsewhere.example")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode settings = api.get("/api/v1/settings/mail", tenant.apiKey()).body();
        assertThat(settings.get("sender").asString()).isEqualTo("account");
        assertThat(settings.get("accountId").asString()).isEqualTo(id.toString());
        assertThat(settings.get("fromAddress").asString()).isEqualTo("bob@shop.test");
        assertThat(owner.get("/console/settings/mail").body()).contains("value=\"account\" id=\"sender-account\" checked");

        // The provider stops honouring the grant: the page says so, with the reason, and reconnecting mends it.
        jdbc.sql("UPDATE connected_account SET status = 'NEEDS_RECONNECT', last_error = ?, needs_reconnect_since = ? "
                        + "WHERE id = ? AND tenant_id = ?")
                .params("the provider refused the refresh: invalid_grant", Timestamp.from(Instant.now()), id,
                        tenant.tenantId()).update();
        ConsoleClient.Page broken = owner.get(PAGE);
        assertThat(broken.body()).contains("Needs reconnecting", "invalid_grant", "Reconnect bob@shop.test");
        ConsoleClient.Page again = owner.submit(broken, PAGE + "/" + id + "/reconnect", List.of());
        assertThat(again.status()).isEqualTo(302);
        ConsoleClient.Page reconnected = owner.get(ConnectedAccountsTest.callbackQuery(Browser.authorize(again.location(), "bob")));
        assertThat(reconnected.location()).endsWith(PAGE + "?done=reconnected");
        assertThat(api.get("/api/v1/accounts/" + id, tenant.apiKey()).body().get("status").asString()).isEqualTo("CONNECTED");
        assertThat(owner.get(PAGE + "?done=reconnected").body()).contains("The account is reconnected")
                .doesNotContain("Needs reconnecting");

        // A refused consent comes back to the page too, saying so.
        ConsoleClient.Page denied = owner.submit(broken, PAGE, List.of(Map.entry("provider", "test"), Map.entry("purpose", "api")));
        String state = Browser.query(URI.create(denied.location()).getRawQuery()).get("state");
        ConsoleClient.Page failed = owner.get("/accounts/callback?state=" + state + "&error=access_denied");
        assertThat(failed.location()).endsWith(PAGE + "?done=failed");
        assertThat(owner.get(PAGE + "?done=failed").body()).contains("role=\"alert\"", "was not connected");

        // Disconnected: revoked at the provider when it can, forgotten here.
        ConsoleClient.Page gone = owner.submit(broken, PAGE + "/" + id + "/disconnect", List.of());
        assertThat(gone.status()).isEqualTo(302);
        assertThat(gone.location()).containsAnyOf(PAGE + "?done=revoked", PAGE + "?done=disconnected");
        assertThat(api.get("/api/v1/accounts", tenant.apiKey()).body()).isEmpty();
        assertThat(owner.get(PAGE).body()).contains("No account is connected yet.");
    }

    @Test
    void anotherTenantsAccountIsNotFoundAndPostsNeedTheirToken() throws Exception {
        // Begun through the API (no console cookie): the redirect URI answers JSON, as before.
        Api.TenantKey a = api.createTenant("Comptes A");
        Api.TenantKey b = api.createTenant("Comptes B");
        Api.Response begun = api.post("/api/v1/accounts", a.apiKey(), Map.of("provider", "test", "purpose", "api"));
        Api.Response back = api.get(ConnectedAccountsTest.callbackQuery(
                Browser.authorize(begun.body().get("authorizationUrl").asString(), "ada")), null);
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        assertThat(back.contentType()).contains("application/json");
        String idOfA = back.body().get("account").get("id").asString();
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        ConsoleClient.Page page = ownerB.get(PAGE);
        assertThat(page.body()).doesNotContain("ada@shop.test");
        for (String action : new String[] {"reconnect", "disconnect"}) {
            ConsoleClient.Page refused = ownerB.submit(page, PAGE + "/" + idOfA + "/" + action, List.of());
            assertThat(refused.status()).as(action).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("ada@shop.test");
        }
        assertThat(ownerB.post(PAGE, Map.of("provider", "test", "purpose", "mail")).status()).isEqualTo(403);
        assertThat(ownerB.submit(page, PAGE, List.of(Map.entry("provider", "nobody"), Map.entry("purpose", "mail")))
                .status()).isEqualTo(400);
        assertThat(api.get("/api/v1/accounts", a.apiKey()).body()).hasSize(1);
        assertThat(api.get("/api/v1/accounts", b.apiKey()).body()).isEmpty();
    }

    @Test
    void theTabIsInFrench() {
        Api.TenantKey tenant = api.createTenant("Comptes Français");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "MEMBER");
        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(account.email(), account.password());
        assertThat(french.get(PAGE).body()).contains("Comptes connectés", "Connecter un compte", "Envoyer des e-mails");
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
