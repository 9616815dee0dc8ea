package dev.passerelle.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.Tokens;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * Passerelle as Zapier's OAuth2 authorization server, over real HTTP: a console user signs in,
 * consents, the code is exchanged with its PKCE verifier, the token calls the API for that user's
 * tenant and only within its scopes; refresh, revocation and "Unlink Zapier" end what they should.
 */
@PasserelleTest
class AuthorizationServerTest {

    static final String CLIENT_ID = "zapier-test";
    static final String SECRET = "zapier-test-secret";
    static final String REDIRECT = "http://127.0.0.1/zapier/return";
    static final String ALL_SCOPES = "clients:write products:write documents:write events:read";

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    RegisteredClientRepository clients;
    @Autowired
    GrantPurge purge;
    @Autowired
    dev.passerelle.users.Users users;

    /** What Zapier holds after connecting. */
    record Grant(String accessToken, String refreshToken, JsonNode answer) {
    }

    @Test
    void codeWithPkceEndToEndActsForTheConsentingUsersTenant() {
        // Any OAuth2 library finds the endpoints in the server's metadata.
        JsonNode metadata = api.get("/.well-known/oauth-authorization-server", null).body();
        assertThat(metadata.get("authorization_endpoint").asString()).endsWith("/oauth2/authorize");
        assertThat(metadata.get("token_endpoint").asString()).endsWith("/oauth2/token");
        assertThat(metadata.get("revocation_endpoint").asString()).endsWith("/oauth2/revoke");
        assertThat(metadata.get("code_challenge_methods_supported").toString()).contains("S256");

        Api.TenantKey tenant = api.createTenant("Atelier OAuth");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "MEMBER");
        ConsoleClient browser = new ConsoleClient(api);
        String verifier = Tokens.urlToken();
        String authorize = authorizeUrl(ALL_SCOPES, "zap-state-1", challenge(verifier));

        // Not signed in: to the console's sign-in, which comes back to the very same request.
        ConsoleClient.Page toSignIn = browser.get(authorize);
        assertThat(toSignIn.status()).isEqualTo(302);
        assertThat(toSignIn.location()).contains("/sign-in?next=");
        String signInPage = toSignIn.location();
        assertThat(browser.get(signInPage).body()).contains("Sign in to let an app connect", "name=\"next\"");
        ConsoleClient.Page signedIn = browser.submit(signInPage, "/sign-in",
                Map.of("email", owner.email(), "password", owner.password(), "next", relative(authorize)));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.location()).endsWith(relative(authorize));

        // The consent page names the app, the tenant and every permission in plain words.
        ConsoleClient.Page toConsent = browser.get(signedIn.location());
        assertThat(toConsent.status()).isEqualTo(302);
        assertThat(toConsent.location()).contains("/oauth2/consent?");
        ConsoleClient.Page consent = browser.get(toConsent.location());
        assertThat(consent.status()).isEqualTo(200);
        assertThat(consent.body()).contains("Allow Zapier to use your Passerelle account?", "Atelier OAuth",
                owner.email(), "create and update your clients", "create and update your products",
                "create, issue and send your invoices", "be told when something happens");
        assertThat(consent.headers().get("content-security-policy").get(0))
                .contains("form-action 'self' http://127.0.0.1");

        String code = allow(browser, toConsent.location(), "zap-state-1");
        Grant grant = exchange(code, verifier);
        assertThat(grant.answer().get("token_type").asString()).isEqualTo("Bearer");
        assertThat(grant.answer().get("scope").asString().split(" ")).containsExactlyInAnyOrder(ALL_SCOPES.split(" "));

        Api.Response me = api.get("/api/v1/me", grant.accessToken());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("tenantId").asString()).isEqualTo(tenant.tenantId().toString());
        Api.Response created = api.post("/api/v1/actions/upsert-client", grant.accessToken(),
                Map.of("name", "Zoé OAuth", "email", "zoe-" + UUID.randomUUID() + "@example.com"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String clientId = created.body().get("id").asString();
        assertThat(api.get("/api/v1/clients/" + clientId, tenant.apiKey()).status()).isEqualTo(200);
        // The API key keeps working beside tokens.
        assertThat(api.get("/api/v1/me", tenant.apiKey()).status()).isEqualTo(200);

        // Only hashes are stored: the database holds no working code or token.
        List<String> stored = jdbc.sql("""
                SELECT authorization_code_value FROM oauth2_authorization WHERE principal_name = ?
                UNION ALL SELECT access_token_value FROM oauth2_authorization WHERE principal_name = ?
                UNION ALL SELECT refresh_token_value FROM oauth2_authorization WHERE principal_name = ?""")
                .params(owner.id().toString(), owner.id().toString(), owner.id().toString()).query(String.class).list();
        assertThat(stored).hasSize(3).allSatisfy(v -> assertThat(v).startsWith("sha256:"))
                .doesNotContain(code, grant.accessToken(), grant.refreshToken())
                .contains(HashedAuthorizations.hash(grant.accessToken()));

        // The grant is a row: another instance (a fresh store on the same database) finds it, and so
        // does this one after a restart.
        var elsewhere = new HashedAuthorizations(new JdbcOAuth2AuthorizationService(new JdbcTemplate(dataSource), clients));
        OAuth2Authorization found = elsewhere.findByToken(grant.accessToken(), OAuth2TokenType.ACCESS_TOKEN);
        assertThat(found).isNotNull();
        assertThat(found.getPrincipalName()).isEqualTo(owner.id().toString());
        assertThat(found.getAccessToken().getToken().getTokenValue()).isEqualTo(grant.accessToken());

        // The code works once.
        Api.Response again = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongOrMissingVerifierIsRefused() {
        ConsoleClient browser = signedInOwner(api.createTenant("Verifier"));
        String verifier = Tokens.urlToken();
        String code = consentAndCode(browser, ALL_SCOPES, verifier);

        Api.Response wrong = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", Tokens.urlToken()));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("error").asString()).isEqualTo("invalid_grant");

        String another = consentAndCode(browser, ALL_SCOPES, verifier);
        Api.Response missing = token(Map.of("grant_type", "authorization_code", "code", another, "redirect_uri", REDIRECT));
        assertThat(missing.status()).isEqualTo(400);

        // And an authorization request without a challenge never gets a code: PKCE is required.
        ConsoleClient.Page noChallenge = browser.get("/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID
                + "&redirect_uri=" + enc(REDIRECT) + "&scope=" + enc(ALL_SCOPES) + "&state=s");
        assertThat(noChallenge.status()).isEqualTo(302);
        assertThat(noChallenge.location()).startsWith(REDIRECT).contains("error=invalid_request")
                .doesNotContain("code=");
    }

    @Test
    void refreshGivesANewAccessTokenAndKeepsTheRefreshToken() {
        ConsoleClient browser = signedInOwner(api.createTenant("Refresh"));
        String verifier = Tokens.urlToken();
        Grant grant = exchange(consentAndCode(browser, ALL_SCOPES, verifier), verifier);

        Api.Response refreshed = token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken()));
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        String newAccess = refreshed.body().get("access_token").asString();
        assertThat(newAccess).isNotEqualTo(grant.accessToken());
        // Kept, not rotated: two refreshes at once (Zapier) both succeed.
        assertThat(refreshed.body().get("refresh_token").asString()).isEqualTo(grant.refreshToken());
        assertThat(api.get("/api/v1/me", newAccess).status()).isEqualTo(200);
        Api.Response old = api.get("/api/v1/me", grant.accessToken());
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.contentType()).startsWith("application/problem+json");
        assertThat(token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken())).status())
                .isEqualTo(200);

        Api.Response bad = token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken() + "x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aRevokedGrantStopsAtOnce() {
        ConsoleClient browser = signedInOwner(api.createTenant("Revoke"));
        String verifier = Tokens.urlToken();
        Grant grant = exchange(consentAndCode(browser, ALL_SCOPES, verifier), verifier);
        assertThat(api.get("/api/v1/me", grant.accessToken()).status()).isEqualTo(200);

        Api.Response revoked = form("/oauth2/revoke", Map.of("token", grant.refreshToken(),
                "token_type_hint", "refresh_token"));
        assertThat(revoked.status()).isEqualTo(200);

        Api.Response call = api.get("/api/v1/me", grant.accessToken());
        assertThat(call.status()).isEqualTo(401);
        assertThat(call.contentType()).startsWith("application/problem+json");
        assertThat(call.body().get("detail").asString()).contains("revoked");
        Api.Response refresh = token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken()));
        assertThat(refresh.status()).isEqualTo(400);
        assertThat(refresh.body().get("error").asString()).isEqualTo("invalid_grant");

        // Only with the client's own secret.
        Grant other = exchange(consentAndCode(browser, ALL_SCOPES, verifier), verifier);
        Api.Response stranger = api.postRaw("/oauth2/revoke", null, ("token=" + enc(other.accessToken()) + "&client_id="
                + CLIENT_ID + "&client_secret=wrong").getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of());
        assertThat(stranger.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", other.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void aTenantsTokenNeverReadsAnotherTenant() {
        Api.TenantKey a = api.createTenant("Tenant A (OAuth)");
        Api.TenantKey b = api.createTenant("Tenant B (OAuth)");
        String bClient = api.post("/api/v1/clients", b.apiKey(), Map.of("name", "Secret of B")).body().get("id").asString();
        String verifier = Tokens.urlToken();
        Grant tokenA = exchange(consentAndCode(signedInOwner(a), ALL_SCOPES, verifier), verifier);

        assertThat(api.get("/api/v1/clients/" + bClient, tokenA.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/clients", tokenA.accessToken()).text()).doesNotContain("Secret of B");
        assertThat(api.post("/api/v1/actions/update-client", tokenA.accessToken(),
                Map.of("clientId", bClient, "name", "Taken over")).status()).isIn(404, 422);
        assertThat(api.get("/api/v1/clients/" + bClient, b.apiKey()).body().get("name").asString())
                .isEqualTo("Secret of B");
        assertThat(api.get("/api/v1/me", tokenA.accessToken()).body().get("tenantId").asString())
                .isEqualTo(a.tenantId().toString());
    }

    @Test
    void aTokenMayOnlyDoWhatItsScopesAllow() {
        Api.TenantKey tenant = api.createTenant("Scopes");
        String verifier = Tokens.urlToken();
        Grant clientsOnly = exchange(consentAndCode(signedInOwner(tenant), "clients:write", verifier), verifier);
        assertThat(clientsOnly.answer().get("scope").asString()).isEqualTo("clients:write");

        assertThat(api.post("/api/v1/clients", clientsOnly.accessToken(), Map.of("name", "Allowed")).status())
                .isEqualTo(201);
        Api.Response product = api.post("/api/v1/products", clientsOnly.accessToken(),
                Map.of("name", "Not allowed", "unitPrice", 10));
        assertThat(product.status()).isEqualTo(403);
        assertThat(product.contentType()).startsWith("application/problem+json");
        assertThat(product.body().get("detail").asString()).contains("'products:write'");
        assertThat(product.headers().get("www-authenticate").get(0)).contains("insufficient_scope", "products:write");
        Api.Response action = api.post("/api/v1/actions/create-document", clientsOnly.accessToken(), Map.of());
        assertThat(action.status()).isEqualTo(403);
        assertThat(action.body().get("detail").asString()).contains("'documents:write'");
        Api.Response subscribe = api.post("/api/v1/subscriptions", clientsOnly.accessToken(),
                Map.of("event", "client.created", "targetUrl", "https://example.com/hook"));
        assertThat(subscribe.status()).isEqualTo(403);
        assertThat(subscribe.body().get("detail").asString()).contains("'events:read'");
        // What no scope covers is not for tokens at all, whatever they hold; an API key may.
        Api.Response hooks = api.get("/api/v1/hooks", clientsOnly.accessToken());
        assertThat(hooks.status()).isEqualTo(403);
        assertThat(hooks.body().get("detail").asString()).contains("may not call GET /api/v1/hooks");
        assertThat(api.get("/api/v1/hooks", tenant.apiKey()).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/integrations/zapier", clientsOnly.accessToken()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tenants", clientsOnly.accessToken()).status()).isEqualTo(403);

        // A scope the client may not ask for is refused before any consent.
        ConsoleClient.Page unknown = signedInOwner(tenant).get(authorizeUrl("clients:write admin", "s",
                challenge(verifier)));
        assertThat(unknown.status()).isEqualTo(302);
        assertThat(unknown.location()).startsWith(REDIRECT).contains("error=invalid_scope");
    }

    @Test
    void unlinkingZapierEndsItsGrantsAndWhatTheyMade() {
        Api.TenantKey tenant = api.createTenant("Unlink OAuth");
        ConsoleClient browser = signedInOwner(tenant);
        String verifier = Tokens.urlToken();
        Grant grant = exchange(consentAndCode(browser, ALL_SCOPES, verifier), verifier);
        Api.Response sub = api.post("/api/v1/subscriptions", grant.accessToken(),
                Map.of("event", "client.created", "targetUrl", "http://127.0.0.1:9/zap/hook"));
        assertThat(sub.status()).as(sub.text()).isEqualTo(201);
        String subscription = sub.body().get("id").asString();
        JsonNode before = api.get("/api/v1/integrations/zapier", tenant.apiKey()).body();
        assertThat(before.get("linked").asBoolean()).isTrue();
        assertThat(before.get("oauthGrants").asLong()).isEqualTo(1);
        assertThat(before.get("subscriptions").asLong()).isEqualTo(1);

        assertThat(api.delete("/api/v1/integrations/zapier", tenant.apiKey()).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/me", grant.accessToken()).status()).isEqualTo(401);
        assertThat(token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken())).status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/subscriptions/" + subscription, tenant.apiKey()).status()).isEqualTo(404);
        JsonNode after = api.get("/api/v1/integrations/zapier", tenant.apiKey()).body();
        assertThat(after.get("linked").asBoolean()).isFalse();
        assertThat(after.get("oauthGrants").asLong()).isZero();
        assertThat(after.get("subscriptions").asLong()).isZero();
        // Connecting again asks for consent again.
        ConsoleClient.Page again = browser.get(authorizeUrl(ALL_SCOPES, "s2", challenge(verifier)));
        assertThat(again.status()).isEqualTo(302);
        assertThat(again.location()).contains("/oauth2/consent?");
    }

    @Test
    void theConsentPageSpeaksFrenchAndDenyingGivesNothing() {
        Api.TenantKey tenant = api.createTenant("Atelier Refus");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient browser = new ConsoleClient(api, "fr");
        browser.signIn(owner.email(), owner.password());
        ConsoleClient.Page toConsent = browser.get(authorizeUrl(ALL_SCOPES, "deny-state", challenge(Tokens.urlToken())));
        ConsoleClient.Page page = browser.get(toConsent.location());
        assertThat(page.body()).contains("Autoriser Zapier à utiliser votre compte Passerelle ?", "Atelier Refus",
                "créer et modifier vos clients", "Refuser");

        String state = param(toConsent.location(), "state");
        ConsoleClient.Page denied = browser.submitAll(toConsent.location(), "/oauth2/authorize",
                List.of(Map.entry("client_id", CLIENT_ID), Map.entry("state", state)));
        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.location()).startsWith(REDIRECT).contains("error=access_denied", "state=deny-state")
                .doesNotContain("code=");
    }

    @Test
    void aTokenWorksOnlyWhileItsUserBelongsToAnActiveTenant() {
        Api.TenantKey tenant = api.createTenant("Leaving");
        ConsoleAccounts.Account member = ConsoleAccounts.active(api, tenant, "MEMBER");
        String verifier = Tokens.urlToken();
        Grant grant = exchange(consentAndCode(ConsoleAccounts.signedIn(api, member), ALL_SCOPES, verifier), verifier);

        assertThat(api.post("/api/v1/tenants/" + tenant.tenantId() + "/suspend", Api.OPERATOR, Map.of()).status())
                .isEqualTo(200);
        Api.Response suspended = api.get("/api/v1/me", grant.accessToken());
        assertThat(suspended.status()).isEqualTo(403);
        assertThat(suspended.body().get("detail").asString()).contains("suspended");
        assertThat(api.post("/api/v1/tenants/" + tenant.tenantId() + "/reactivate", Api.OPERATOR, Map.of()).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/me", grant.accessToken()).status()).isEqualTo(200);

        users.remove(tenant.tenantId(), member.id());
        Api.Response gone = api.get("/api/v1/me", grant.accessToken());
        assertThat(gone.status()).isEqualTo(401);
        assertThat(gone.body().get("detail").asString()).contains("no longer has an account");
    }

    @Test
    void signingInGoesBackOnlyToAnAuthorizationRequestOfThisServer() {
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, api.createTenant("Next"), "OWNER");
        for (String elsewhere : List.of("https://evil.example/oauth2/authorize?x=1", "//evil.example/oauth2/authorize?x=1",
                "/oauth2/authorize?{evil}", "/console/team", "/oauth2/authorize?a=1\\evil")) {
            ConsoleClient.Page page = new ConsoleClient(api).submit("/sign-in", "/sign-in",
                    Map.of("email", owner.email(), "password", owner.password(), "next", elsewhere));
            assertThat(page.status()).isEqualTo(302);
            assertThat(page.location()).as(elsewhere).endsWith("/").doesNotContain("evil", "team");
        }
    }

    @Test
    void abandonedRequestsArePurgedAndGrantsInUseStay() {
        Api.TenantKey tenant = api.createTenant("Purge");
        ConsoleAccounts.Account owner = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient browser = ConsoleAccounts.signedIn(api, owner);
        String verifier = Tokens.urlToken();
        // Asked for consent, never answered: a row with only a state.
        ConsoleClient.Page pending = browser.get(authorizeUrl(ALL_SCOPES, "never", challenge(verifier)));
        assertThat(pending.location()).contains("/oauth2/consent?");
        Grant live = exchange(consentAndCode(browser, ALL_SCOPES, verifier), verifier);
        jdbc.sql("UPDATE oauth2_authorization SET created_at = ? WHERE principal_name = ?")
                .params(java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2))),
                        owner.id().toString()).update();

        assertThat(purge.purge()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?")
                .param(owner.id().toString()).query(Long.class).single()).isEqualTo(1);
        assertThat(api.get("/api/v1/me", live.accessToken()).status()).isEqualTo(200);
    }

    // --- the flow, as Zapier and a browser play it ---

    private ConsoleClient signedInOwner(Api.TenantKey tenant) {
        return ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
    }

    /** Authorize (consenting when asked) and return the code sent to the redirect URI. */
    private String consentAndCode(ConsoleClient browser, String scopes, String verifier) {
        String state = "st-" + UUID.randomUUID();
        ConsoleClient.Page answer = browser.get(authorizeUrl(scopes, state, challenge(verifier)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(302);
        if (answer.location().contains("/oauth2/consent?")) {
            return allow(browser, answer.location(), state);
        }
        return codeFrom(answer.location(), state);
    }

    private String allow(ConsoleClient browser, String consentUrl, String clientState) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("client_id", CLIENT_ID));
        fields.add(Map.entry("state", param(consentUrl, "state")));
        for (String scope : param(consentUrl, "scope").split(" ")) {
            fields.add(Map.entry("scope", scope));
        }
        ConsoleClient.Page allowed = browser.submitAll(consentUrl, "/oauth2/authorize", fields);
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(302);
        return codeFrom(allowed.location(), clientState);
    }

    private static String codeFrom(String location, String clientState) {
        assertThat(location).startsWith(REDIRECT + "?");
        assertThat(param(location, "state")).isEqualTo(clientState);
        return param(location, "code");
    }

    private Grant exchange(String code, String verifier) {
        Api.Response r = token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new Grant(r.body().get("access_token").asString(), r.body().get("refresh_token").asString(), r.body());
    }

    /** The token endpoint, with the client's credentials in the body (as Zapier sends them). */
    private Api.Response token(Map<String, String> fields) {
        return form("/oauth2/token", fields);
    }

    private Api.Response form(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("client_id", CLIENT_ID);
        all.put("client_secret", SECRET);
        String body = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return api.postRaw(path, null, body.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded",
                Map.of());
    }

    private String authorizeUrl(String scopes, String state, String challenge) {
        return api.url("/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID + "&redirect_uri=" + enc(REDIRECT)
                + "&scope=" + enc(scopes) + "&state=" + enc(state) + "&code_challenge=" + challenge
                + "&code_challenge_method=S256");
    }

    private static String relative(String url) {
        URI u = URI.create(url);
        return u.getRawPath() + "?" + u.getRawQuery();
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String param(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
