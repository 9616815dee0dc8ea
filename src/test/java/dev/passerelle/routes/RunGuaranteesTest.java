package dev.passerelle.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.connectors.ExactJson;
import dev.passerelle.connectors.RunContext;
import dev.passerelle.connectors.Triggers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Retries, dead runs, replays, two workers on one run, and a slow route beside a fast one. */
@PasserelleTest
class RunGuaranteesTest {

    // Enough threads that slow answers never queue the fast ones inside WireMock itself.
    static final WireMockServer remote = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .containerThreads(40));
    static final String ROUTE = """
            - route:
                id: test-client-then-call
                from:
                  uri: passerelle:hook
                  parameters:
                    hook: "${install.hook}"
                  steps:
                    - to:
                        uri: passerelle:upsert-client
                        parameters:
                          email: "${event.email}"
                          name: "${event.name}"
                    - to:
                        uri: passerelle:http-post
                        parameters:
                          url: "${install.url}"
                          body: '{"client": "${body.id}"}'
            """;

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;
    @Autowired
    Triggers triggers;
    @Autowired
    JdbcClient jdbc;

    Api.TenantKey tenant;
    String hook;

    @BeforeAll
    static void start() {
        remote.start();
    }

    @AfterAll
    static void stop() {
        remote.stop();
    }

    @BeforeEach
    void routeAndTenant() throws IOException {
        RouteFixtures.write(files, "guarantees.camel.yaml", ROUTE);
        files.reload();
        tenant = api.createTenant("Guarantees " + UUID.randomUUID());
        hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Leads")).body().get("url").asString();
    }

    @AfterEach
    void clear() throws IOException {
        RouteFixtures.clear(files);
        remote.resetAll();
    }

    @Test
    void aTransientFailureIsRetriedAndDoneStepsAreNotDoneAgain() {
        String path = "/flaky/" + UUID.randomUUID();
        remote.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        remote.stubFor(post(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("{\"ok\": true}")));
        JsonNode installation = install(remote.baseUrl() + path);

        postToHook("{\"email\": \"flaky@example.com\", \"name\": \"Flaky\"}");

        JsonNode run = awaitRun(installation, "DONE");
        assertThat(run.get("attempts").asInt()).isEqualTo(2);
        List<LoggedRequest> calls = remote.findAll(postRequestedFor(urlPathEqualTo(path)));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getHeader("Idempotency-Key")).isEqualTo(calls.get(1).getHeader("Idempotency-Key"));
        assertThat(api.get("/api/v1/domain-events?type=client.created", tenant.apiKey()).body().get("items")).hasSize(1);
        JsonNode steps = api.get(runPath(installation, run), tenant.apiKey()).body().get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(1).get("result").get("body").get("ok").asBoolean()).isTrue();
    }

    @Test
    void aRefusedCallEndsTheRunAtOnceWithItsErrorAndCanBeReplayed() {
        String path = "/refusing/" + UUID.randomUUID();
        remote.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(400).withBody("no such channel")));
        JsonNode installation = install(remote.baseUrl() + path);

        postToHook("{\"email\": \"refused@example.com\", \"name\": \"Refused\"}");

        JsonNode dead = awaitRun(installation, "DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(1);
        assertThat(dead.get("error").asString()).contains("answered 400: no such channel");
        JsonNode route = RouteFilesTest.find(api.get("/api/v1/admin/routes", Api.OPERATOR).body().get("routes"), "id",
                "test-client-then-call");
        assertThat(route.get("lastError").get("error").asString()).contains("answered 400: no such channel");
        assertThat(route.get("runs").get("DEAD").asLong()).isPositive();

        remote.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(204)));
        assertThat(api.post(runPath(installation, dead) + "/replay", tenant.apiKey(), null).status()).isEqualTo(200);
        awaitRun(installation, "DONE");
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).hasSize(1);
    }

    @Test
    void twoWorkersRunningTheSameRunMakeOneClientAndOneCall() throws Exception {
        String path = "/once/" + UUID.randomUUID();
        remote.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(300)));
        JsonNode installation = install(remote.baseUrl() + path);
        ObjectNode parameters = (ObjectNode) jdbc.sql("SELECT parameters FROM route_installation WHERE id = ?")
                .param(UUID.fromString(installation.get("id").asString()))
                .query((rs, i) -> ExactJson.MAPPER.readTree(rs.getString(1))).single();
        RunContext run = new RunContext(UUID.randomUUID(), tenant.tenantId(), UUID.fromString(installation.get("id")
                .asString()), "test-client-then-call", "hook", UUID.randomUUID(), Instant.now(),
                ExactJson.MAPPER.readTree("{\"email\": \"twice@example.com\", \"name\": \"Twice\"}"), parameters);
        Triggers.Registration route = triggers.route("test-client-then-call").orElseThrow();

        ExecutorService two = Executors.newFixedThreadPool(2);
        Callable<Boolean> work = () -> {
            try {
                route.consumer().run(run);
                return true;
            } catch (Exception e) {
                return false; // the loser of the race on the effect's key; a retry would find the winner's effect
            }
        };
        List<Future<Boolean>> results = two.invokeAll(List.of(work, work));
        two.shutdown();
        route.consumer().run(run); // and once more, as a retry would

        assertThat(results.stream().filter(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                return false;
            }
        })).isNotEmpty();
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM route_effect WHERE installation_id = ? AND trigger_id = ?")
                .params(run.installationId(), run.triggerId()).query(Long.class).single()).isEqualTo(2);
        assertThat(remote.findAll(postRequestedFor(urlPathEqualTo(path))).size()).isBetween(1, 2);
    }

    @Test
    void aSlowRouteDoesNotHoldUpAnotherOne() throws IOException {
        String slow = "/slow/" + UUID.randomUUID();
        String fast = "/fast/" + UUID.randomUUID();
        remote.stubFor(post(urlPathEqualTo(slow)).willReturn(aResponse().withStatus(200).withFixedDelay(6000)));
        remote.stubFor(post(urlPathEqualTo(fast)).willReturn(aResponse().withStatus(200)));
        RouteFixtures.write(files, "fast.camel.yaml", ROUTE.replace("id: test-client-then-call", "id: test-fast"));
        files.reload();
        JsonNode slowOne = install(remote.baseUrl() + slow);
        JsonNode fastOne = install("test-fast", remote.baseUrl() + fast);

        for (int i = 0; i < 6; i++) {
            postToHook("{\"email\": \"c" + i + "@example.com\", \"name\": \"C" + i + "\"}");
        }

        // Six slow calls of 6 s each, most of them one after another (a loop works its batch in order); the fast
        // route's six runs are all done while some slow ones still wait (not a time limit: an order;
        // the margin is wide because a loaded CI machine once took over 9 s for the fast six).
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(fastOne).stream()
                    .filter(r -> r.get("status").asString().equals("DONE")).count() == 6);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // What each run was doing, to tell a starved claim from a blocked step or a missing run.
            throw new AssertionError("fast runs " + runs(fastOne) + "\nslow runs " + runs(slowOne) + "\nhook events "
                    + jdbc.sql("SELECT status, attempts, last_error FROM inbox_event WHERE tenant_id = ?")
                    .param(tenant.tenantId()).query().listOfRows(), e);
        }
        assertThat(runs(slowOne).stream().filter(r -> r.get("status").asString().equals("DONE")).count()).isLessThan(6);
    }

    private JsonNode install(String url) {
        return install("test-client-then-call", url);
    }

    private JsonNode install(String route, String url) {
        Api.Response r = api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route", route,
                "parameters", Map.of("hook", "Leads", "url", url)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body();
    }

    private void postToHook(String body) {
        assertThat(api.postRaw(hook, null, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of()).status())
                .isEqualTo(200);
    }

    private List<JsonNode> runs(JsonNode installation) {
        return api.get("/api/v1/route-installations/" + installation.get("id").asString() + "/runs", tenant.apiKey())
                .body().get("items").valueStream().toList();
    }

    private JsonNode awaitRun(JsonNode installation, String status) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> runs(installation).stream()
                .filter(r -> r.get("status").asString().equals(status)).findFirst().orElse(null), r -> r != null);
    }

    private static String runPath(JsonNode installation, JsonNode run) {
        return "/api/v1/route-installations/" + installation.get("id").asString() + "/runs/" + run.get("id").asString();
    }
}
