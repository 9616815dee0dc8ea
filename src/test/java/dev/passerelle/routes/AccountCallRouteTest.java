package dev.passerelle.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.accounts.AccountFixtures;
import tools.jackson.databind.JsonNode;

/**
 * The http-account block in a route: the account's bearer token on the call, a 401 answered by one
 * refresh and one more try, a revoked grant failing the run at once, and reconnecting running it again.
 */
@PasserelleTest
class AccountCallRouteTest {

    static final WireMockServer remote = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final String ROUTE = """
            - route:
                id: test-call-with-account
                from:
                  uri: passerelle:hook
                  parameters:
                    hook: "${install.hook}"
                  steps:
                    - to:
                        uri: passerelle:http-account
                        parameters:
                          account: "${install.account}"
                          url: "${install.url}"
                          body: '{"email": "${event.email}"}'
            """;

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;

    @BeforeAll
    static void start() {
        remote.start();
    }

    @AfterAll
    static void stop() {
        remote.stop();
    }

    @AfterEach
    void clear() throws Exception {
        RouteFixtures.clear(files);
        remote.resetAll();
    }

    @Test
    void callsWithTheAccountRefreshesOnceOn401FailsAtOnceWhenRevokedAndResumesOnReconnect() throws Exception {
        RouteFixtures.write(files, "account-call.camel.yaml", ROUTE);
        files.reload();
        Api.TenantKey tenant = api.createTenant("Account calls " + UUID.randomUUID());
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Leads")).body().get("url").asString();
        UUID account = AccountFixtures.connect(api, tenant, "cleo", "api");
        String path = "/crm/" + UUID.randomUUID();
        // The API refuses the first token (revoked on its side), then takes the refreshed one.
        remote.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401)).willSetStateTo("refreshed"));
        remote.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs("refreshed")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": 7}")));
        Api.Response installed = api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route",
                "test-call-with-account", "parameters", Map.of("hook", "Leads", "account", account.toString(),
                        "url", remote.baseUrl() + path)));
        assertThat(installed.status()).as(installed.text()).isEqualTo(201);
        JsonNode installation = installed.body();

        int tokenRequests = AccountFixtures.tokenRequests();
        postToHook(hook, "{\"email\": \"lead@example.com\"}");
        JsonNode done = awaitRun(tenant, installation, "DONE");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        List<LoggedRequest> calls = remote.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getHeader("Authorization")).startsWith("Bearer ");
        assertThat(calls.get(1).getHeader("Authorization")).startsWith("Bearer ")
                .isNotEqualTo(calls.get(0).getHeader("Authorization"));
        assertThat(calls.get(0).getHeader("Idempotency-Key")).isEqualTo(calls.get(1).getHeader("Idempotency-Key"));
        assertThat(calls.get(1).getBodyAsString()).isEqualTo("{\"email\": \"lead@example.com\"}");
        assertThat(AccountFixtures.tokenRequests()).isEqualTo(tokenRequests + 1);

        // Revoked: the 401 gets one refresh, which the provider refuses; the run is dead at once, saying why.
        AccountFixtures.revokeGrantsOf("cleo");
        remote.resetAll();
        remote.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(401)));
        postToHook(hook, "{\"email\": \"second@example.com\"}");
        JsonNode dead = awaitRun(tenant, installation, "DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(1);
        assertThat(dead.get("error").asString()).contains("connected account " + account + " needs reconnecting")
                .contains("invalid_grant");
        assertThat(remote.findAll(postRequestedFor(urlPathEqualTo(path)))).hasSize(1);
        assertThat(api.get("/api/v1/accounts/" + account, tenant.apiKey()).body().get("status").asString())
                .isEqualTo("NEEDS_RECONNECT");

        // Reconnected: the run that failed for it runs again, with the new token.
        remote.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        AccountFixtures.reconnect(api, tenant, account, "cleo");
        await().atMost(Duration.ofSeconds(20)).until(() -> runs(tenant, installation).stream()
                .allMatch(r -> r.get("status").asString().equals("DONE")));
        assertThat(remote.findAll(postRequestedFor(urlPathEqualTo(path)))).hasSize(2);
    }

    private void postToHook(String hook, String body) {
        assertThat(api.postRaw(hook, null, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of()).status())
                .isEqualTo(200);
    }

    private List<JsonNode> runs(Api.TenantKey tenant, JsonNode installation) {
        return api.get("/api/v1/route-installations/" + installation.get("id").asString() + "/runs", tenant.apiKey())
                .body().get("items").valueStream().toList();
    }

    private JsonNode awaitRun(Api.TenantKey tenant, JsonNode installation, String status) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> runs(tenant, installation).stream()
                .filter(r -> r.get("status").asString().equals(status)).findFirst().orElse(null), r -> r != null);
    }
}
