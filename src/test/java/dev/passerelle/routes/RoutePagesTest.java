package dev.passerelle.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;

/**
 * The ops area's routes page over HTTP: a rejected file with its problem, a route's runs and last
 * error, the latest dead runs from the database, and Reload — the report the operator API gives.
 */
@PasserelleTest
class RoutePagesTest {

    static final WireMockServer remote = new WireMockServer(WireMockConfiguration.options().dynamicPort());

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
    void clear() throws IOException {
        RouteFixtures.clear(files);
        remote.resetAll();
    }

    @Test
    void aRejectedFileAndADeadRunShowWithTheirReasons() throws IOException {
        RouteFixtures.write(files, "page-call.camel.yaml", """
                - route:
                    id: test-page-call
                    from:
                      uri: passerelle:hook
                      parameters:
                        hook: "${install.hook}"
                      steps:
                        - to:
                            uri: passerelle:http-post
                            parameters:
                              url: "${install.url}"
                              body: '{"n": 1}'
                """);
        RouteFixtures.write(files, "page-broken.camel.yaml", """
                - route:
                    id: test-page-broken
                    from:
                      uri: passerelle:event
                      parameters:
                        type: client.created
                      steps:
                        - to:
                            uri: passerelle:notify-team
                            parameters:
                              subjekt: "New client"
                """);
        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.post("/ops/routes/reload", Map.of()).status()).as("no CSRF token").isEqualTo(403);

        ConsoleClient.Page reloaded = operator.submit("/ops/routes", "/ops/routes/reload", Map.of());

        assertThat(reloaded.status()).isEqualTo(200);
        assertThat(reloaded.body()).contains("The route files were read again.", "page-call.camel.yaml",
                "test-page-call", "Started", "page-broken.camel.yaml", "Rejected (the previous version runs)",
                "unknown property &#39;subjekt&#39; of passerelle:notify-team");

        String path = "/refusing/" + UUID.randomUUID();
        remote.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400).withBody("no such <channel>")));
        Api.TenantKey tenant = api.createTenant("Routes page");
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Leads")).body().get("url").asString();
        assertThat(api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route", "test-page-call",
                "parameters", Map.of("hook", "Leads", "url", remote.baseUrl() + path))).status()).isEqualTo(201);
        assertThat(api.postRaw(hook, null, "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of())
                .status()).isEqualTo(200);

        // This route's own count: another test's dead run in the same context also shows "DEAD: 1" on the page.
        await().atMost(Duration.ofSeconds(30)).until(() -> deadRuns("test-page-call") == 1);
        String page = operator.get("/ops/routes").body();
        assertThat(page).contains("Latest failed runs", tenant.tenantId().toString(),
                "answered 400: no such &lt;channel&gt;").doesNotContain("no such <channel>");
    }

    private long deadRuns(String routeId) {
        for (var route : api.get("/api/v1/admin/routes", Api.OPERATOR).body().get("routes")) {
            if (routeId.equals(route.get("id").asString())) {
                return route.path("runs").path("DEAD").asLong();
            }
        }
        return 0;
    }
}
