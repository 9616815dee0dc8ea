package dev.passerelle.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import dev.passerelle.Api;

/** Connecting an account at the test authorization server, as a tenant does, for tests in other packages. */
public final class AccountFixtures {

    private AccountFixtures() {
    }

    /** Connects {@code user}'s account for {@code purpose} ({@code mail} or {@code api}); returns its id. */
    public static UUID connect(Api api, Api.TenantKey tenant, String user, String purpose) throws Exception {
        Api.Response begun = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", "test", "purpose", purpose));
        assertThat(begun.status()).as(begun.text()).isEqualTo(201);
        return UUID.fromString(complete(api, begun.body().get("authorizationUrl").asString(), user)
                .get("account").get("id").asString());
    }

    /** Reconnects an account as {@code user}. */
    public static void reconnect(Api api, Api.TenantKey tenant, UUID accountId, String user) throws Exception {
        Api.Response begun = api.post("/api/v1/accounts/" + accountId + "/reconnect", tenant.apiKey(), null);
        assertThat(begun.status()).as(begun.text()).isEqualTo(201);
        assertThat(complete(api, begun.body().get("authorizationUrl").asString(), user).get("reconnected").asBoolean())
                .isTrue();
    }

    public static int revokeGrantsOf(String user) {
        return TestAuthorizationServer.revokeGrantsOf(user);
    }

    public static int tokenRequests() {
        return TestAuthorizationServer.TOKEN_REQUESTS.get();
    }

    private static tools.jackson.databind.JsonNode complete(Api api, String authorizationUrl, String user)
            throws Exception {
        Map<String, String> redirect = Browser.authorize(authorizationUrl, user);
        StringBuilder q = new StringBuilder();
        redirect.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Api.Response back = api.get("/accounts/callback?" + q, null);
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        return back.body();
    }
}
