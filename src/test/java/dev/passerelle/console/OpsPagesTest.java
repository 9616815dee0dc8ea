package dev.passerelle.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;

/**
 * The ops area over HTTP as a signed-in operator: health, tenants (create, suspend, resume — and
 * what that does to the tenant's API key and console), and secret rotation; each through the same
 * services as the operator API.
 */
@PasserelleTest
class OpsPagesTest {

    private static final Pattern API_KEY = Pattern.compile("<code id=\"api-key\">([^<]+)</code>");
    private static final Pattern TENANT_ID = Pattern.compile("<code id=\"tenant-id\">([^<]+)</code>");
    private static final Pattern CURRENT_KEY = Pattern.compile("<code id=\"current-key\">([^<]+)</code>");

    @Autowired
    Api api;

    @Test
    void theHealthPageShowsTheDatabaseTheInboxBacklogTheMailQueueAndTheScheduler() {
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));

        ConsoleClient.Page page = operator.get("/ops");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"health-status\">UP<", "<dt>db</dt>", "Inbox backlog (all tenants)",
                "Mail queue (all tenants)", "Scheduler (timers)", "id=\"scheduler\"");
        assertThat(page.body()).containsPattern("<dt>Shared with other instances</dt>\\s*<dd>yes</dd>");
        // The timers Passerelle sets up (retention and the like) are listed with their next time.
        assertThat(page.body()).containsPattern("<table id=\"timers\">[\\s\\S]*<code>[^<]+</code>[\\s\\S]*UTC");

        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(ConsoleAccounts.operator(api).email(), ConsoleAccounts.PASSWORD);
        assertThat(french.get("/ops").body()).contains("lang=\"fr\"", "Santé", "File des e-mails");
    }

    @Test
    void anOperatorCreatesATenantSuspendsItAndItsApiKeyIsRefusedUntilResumed() {
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.post("/ops/tenants", Map.of("name", "Sans jeton")).status()).as("no CSRF token")
                .isEqualTo(403);

        // The list is ordered by id (time-ordered): in a full suite the new tenant is on a later page, so
        // the page is asked from the tenant made just before it.
        Api.TenantKey before = api.createTenant("Before Ops " + java.util.UUID.randomUUID());
        ConsoleClient.Page created = operator.submit("/ops/tenants", "/ops/tenants", Map.of("name", "Atelier <Ops>"));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).contains("Atelier &lt;Ops&gt;", "shown this once", "data-copy=\"api-key\"");
        String key = group(API_KEY, created.body());
        String id = group(TENANT_ID, created.body());
        Api.TenantKey tenant = new Api.TenantKey(java.util.UUID.fromString(id), key);
        assertThat(api.get("/api/v1/clients", key).status()).isEqualTo(200);
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        assertThat(owner.get("/").status()).isEqualTo(200);
        assertThat(operator.get("/ops/tenants?after=" + before.tenantId()).body())
                .contains("Atelier &lt;Ops&gt;", "Suspend Atelier &lt;Ops&gt;");

        ConsoleClient.Page suspended = operator.submit("/ops/tenants", "/ops/tenants/" + id + "/suspend", Map.of());

        assertThat(suspended.status()).isEqualTo(302);
        assertThat(api.get("/api/v1/tenants/" + id, Api.OPERATOR).body().get("status").asString()).isEqualTo("SUSPENDED");
        Api.Response refused = api.get("/api/v1/clients", key);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("detail").asString()).contains("suspended");
        assertThat(owner.get("/").status()).as("the tenant's console sessions end too").isEqualTo(302);
        assertThat(operator.get(suspended.location()).body()).contains("Atelier &lt;Ops&gt; is suspended.");
        assertThat(operator.get("/ops/tenants?after=" + before.tenantId()).body()).contains("Resume Atelier &lt;Ops&gt;");

        operator.submit("/ops/tenants", "/ops/tenants/" + id + "/resume", Map.of());
        assertThat(api.get("/api/v1/clients", key).status()).isEqualTo(200);
    }

    @Test
    void anOperatorInvitesATenantsFirstOwnerWhoSetsAPasswordWithTheLinkShown() {
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        ConsoleClient.Page created = operator.submit("/ops/tenants", "/ops/tenants", Map.of("name", "Atelier Invité"));
        String id = group(TENANT_ID, created.body());
        assertThat(created.body()).contains("/ops/tenants/" + id + "/invite");
        String form = "/ops/tenants/" + id + "/invite";

        ConsoleClient.Page refused = operator.submit(form, form, Map.of("email", "not an address"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "aria-invalid=\"true\"", "email: not an e-mail address");

        String email = "first-owner-" + java.util.UUID.randomUUID() + "@example.com";
        ConsoleClient.Page invited = operator.submit(form, form, Map.of("email", email));

        assertThat(invited.status()).isEqualTo(200);
        assertThat(invited.body()).contains("Invite an owner of Atelier Invité", email, "data-copy=\"invitation-link\"");
        String link = group(Pattern.compile("<code id=\"invitation-link\">([^<]+)</code>"), invited.body());
        assertThat(api.get("/api/v1/tenants/" + id + "/users", Api.OPERATOR).body().toString())
                .contains(email, "OWNER", "INVITED");
        ConsoleClient owner = new ConsoleClient(api);
        assertThat(owner.submit(link, link, Map.of("password", ConsoleAccounts.PASSWORD,
                "confirmation", ConsoleAccounts.PASSWORD)).status()).isEqualTo(302);
        assertThat(owner.signIn(email, ConsoleAccounts.PASSWORD).status()).isEqualTo(302);
        assertThat(owner.get("/").body()).contains("Atelier Invité");
        assertThat(operator.get("/ops/tenants/" + java.util.UUID.randomUUID() + "/invite").status()).isEqualTo(404);
    }

    @Test
    void aTenantNeedsANameAndAnUnknownTenantIsNotFound() {
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));

        ConsoleClient.Page refused = operator.submit("/ops/tenants", "/ops/tenants", Map.of("name", "   "));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "name: required", "aria-invalid=\"true\"");
        ConsoleClient.Page unknown = operator.submit("/ops/tenants",
                "/ops/tenants/" + java.util.UUID.randomUUID() + "/suspend", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theSecretsPageShowsTheKeyInUseAndRotatesItLikeTheOperatorApi() {
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        String before = group(CURRENT_KEY, operator.get("/ops/secrets").body());
        assertThat(before).isEqualTo(api.get("/api/v1/admin/secrets", Api.OPERATOR).body().get("currentKeyId").asString());
        assertThat(operator.post("/ops/secrets/rotate", Map.of()).status()).isEqualTo(403);

        ConsoleClient.Page rotated = operator.submit("/ops/secrets", "/ops/secrets/rotate", Map.of());

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.body()).contains("Re-encryption has started");
        String after = group(CURRENT_KEY, rotated.body());
        assertThat(after).isNotEqualTo(before)
                .isEqualTo(api.get("/api/v1/admin/secrets", Api.OPERATOR).body().get("currentKeyId").asString());
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }
}
