package dev.passerelle.accounts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * What differs between the built-in providers, against their endpoints played by WireMock: Google's
 * offline access, scopes and revocation; Microsoft's object id, its preferred_username for an address
 * and its lack of a revocation endpoint; and an id token meant for another client, refused.
 */
@PasserelleTest
class ProviderSpecificsTest {

    static final WireMockServer provider = ProviderMocks.server();

    @Autowired
    Api api;

    @AfterEach
    void reset() {
        provider.resetAll();
    }

    @Test
    void googleAsksForOfflineAccessExchangesTheCodeWithItsVerifierAndRevokesOnDisconnect() {
        Api.TenantKey tenant = api.createTenant("Google shop");
        Map<String, String> asked = begin(tenant, "google");
        assertThat(asked).containsEntry("access_type", "offline").containsEntry("prompt", "consent")
                .containsEntry("client_id", ProviderMocks.GOOGLE_CLIENT).containsEntry("code_challenge_method", "S256");
        assertThat(asked.get("scope").split(" ")).contains("openid", "email", "https://mail.google.com/");
        provider.stubFor(post(urlPathEqualTo("/google/token")).willReturn(tokenAnswer("ya29.first-access",
                "1//google-refresh", ProviderMocks.idToken("{\"iss\":\"https://accounts.google.com\",\"aud\":\""
                        + ProviderMocks.GOOGLE_CLIENT + "\",\"sub\":\"108400000000000000001\","
                        + "\"email\":\"billing@theirshop.com\",\"email_verified\":true}"))));

        Api.Response back = api.get("/accounts/callback?code=4%2F0Ab-code&state=" + asked.get("state"), null);
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        JsonNode account = back.body().get("account");
        assertThat(account.get("provider").asString()).isEqualTo("google");
        assertThat(account.get("subject").asString()).isEqualTo("108400000000000000001");
        assertThat(account.get("email").asString()).isEqualTo("billing@theirshop.com");
        var exchange = provider.findAll(postRequestedFor(urlPathEqualTo("/google/token"))).get(0).getBodyAsString();
        assertThat(exchange).contains("grant_type=authorization_code").contains("code=4%2F0Ab-code")
                .contains("code_verifier=").contains("client_secret=google-secret")
                .contains("redirect_uri=" + java.net.URLEncoder.encode(TestAuthorizationServer.REDIRECT_URI,
                        java.nio.charset.StandardCharsets.UTF_8));

        provider.stubFor(post(urlPathEqualTo("/google/revoke")).willReturn(aResponse().withStatus(200)));
        Api.Response gone = api.delete("/api/v1/accounts/" + account.get("id").asString(), tenant.apiKey());
        assertThat(gone.body().get("revoked").asBoolean()).isTrue();
        provider.verify(1, postRequestedFor(urlPathEqualTo("/google/revoke"))
                .withRequestBody(containing("token=1%2F%2Fgoogle-refresh"))
                .withRequestBody(containing("token_type_hint=refresh_token")));
    }

    @Test
    void microsoftIsKnownByItsObjectIdAndCannotRevoke() {
        Api.TenantKey tenant = api.createTenant("Microsoft shop");
        Map<String, String> asked = begin(tenant, "microsoft");
        assertThat(asked.get("scope").split(" ")).contains("openid", "offline_access",
                "https://outlook.office.com/SMTP.Send");
        provider.stubFor(post(urlPathEqualTo("/microsoft/token")).willReturn(tokenAnswer("eyJ0eXAi.ms-access",
                "0.AQ-ms-refresh", ProviderMocks.idToken("{\"iss\":\"https://login.microsoftonline.com/"
                        + "9188040d-6c67-4c5b-b112-36a304b66dad/v2.0\",\"aud\":\"" + ProviderMocks.MICROSOFT_CLIENT
                        + "\",\"sub\":\"AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ\",\"oid\":"
                        + "\"00000000-0000-0000-66f3-3332eca7ea81\",\"preferred_username\":\"billing@theirshop.onmicrosoft.com\"}"))));

        Api.Response back = api.get("/accounts/callback?code=M.code&state=" + asked.get("state"), null);
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        JsonNode account = back.body().get("account");
        assertThat(account.get("subject").asString()).isEqualTo("00000000-0000-0000-66f3-3332eca7ea81");
        assertThat(account.get("email").asString()).isEqualTo("billing@theirshop.onmicrosoft.com");

        Api.Response gone = api.delete("/api/v1/accounts/" + account.get("id").asString(), tenant.apiKey());
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.body().get("revoked").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/accounts", tenant.apiKey()).body()).isEmpty();
    }

    @Test
    void anIdTokenForAnotherClientIsRefusedAndNothingIsStored() {
        Api.TenantKey tenant = api.createTenant("Wrong audience");
        Map<String, String> asked = begin(tenant, "google");
        provider.stubFor(post(urlPathEqualTo("/google/token")).willReturn(tokenAnswer("ya29.x", "1//y",
                ProviderMocks.idToken("{\"iss\":\"https://accounts.google.com\",\"aud\":\"someone-else\","
                        + "\"sub\":\"1\",\"email\":\"mallory@example.com\"}"))));
        Api.Response back = api.get("/accounts/callback?code=c&state=" + asked.get("state"), null);
        assertThat(back.status()).isEqualTo(400);
        assertThat(back.body().get("detail").asString()).contains("not for this client");
        assertThat(api.get("/api/v1/accounts", tenant.apiKey()).body()).isEmpty();
    }

    private Map<String, String> begin(Api.TenantKey tenant, String name) {
        Api.Response begun = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", name, "purpose", "mail"));
        assertThat(begun.status()).as(begun.text()).isEqualTo(201);
        return Browser.query(URI.create(begun.body().get("authorizationUrl").asString()).getRawQuery());
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenAnswer(String access,
                                                                                                String refresh, String idToken) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"access_token\":\""
                + access + "\",\"token_type\":\"Bearer\",\"expires_in\":3599,\"refresh_token\":\"" + refresh
                + "\",\"scope\":\"openid email https://mail.google.com/\",\"id_token\":\"" + idToken + "\"}");
    }
}
