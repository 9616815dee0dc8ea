package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.connectors.Triggers;
import dev.passerelle.connectors.TriggersAccess;
import dev.passerelle.support.DomainException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance starting up: Camel's inbox and outbox timers run before the route files are read.
 * A hook event worked in that window must wait for the routes, not be done with no run (found by
 * bench/chaos: events PROCESSED after a restart, their clients never made).
 */
@PasserelleTest
class FirstLoadTest {

    static final String ROUTE = """
            - route:
                id: test-first-load
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
            """;

    @Autowired
    Api api;
    @Autowired
    RouteFiles files;
    @Autowired
    Triggers triggers;
    @Autowired
    Installations installations;
    @Autowired
    RouteRuns runs;
    @Autowired
    JsonMapper json;
    @Autowired
    Clock clock;

    Api.TenantKey tenant;
    String installation;

    @BeforeEach
    void routeAndInstallation() throws IOException {
        RouteFixtures.write(files, "first-load.camel.yaml", ROUTE);
        files.reload();
        tenant = api.createTenant("First load " + UUID.randomUUID());
        api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Leads"));
        Api.Response r = api.post("/api/v1/route-installations", tenant.apiKey(),
                Map.of("route", "test-first-load", "parameters", Map.of("hook", "Leads")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        installation = r.body().get("id").asString();
    }

    @AfterEach
    void clear() throws IOException {
        RouteFixtures.clear(files);
    }

    @Test
    void aHookEventWorkedBeforeTheRouteFilesAreLoadedWaitsForThemAndStartsItsRun() throws Exception {
        Triggers starting = new Triggers(Duration.ofSeconds(30)); // as on an instance whose routes are not read yet
        HookRunStarter hooks = new HookRunStarter(new RunStarter(starting, installations, runs, json, clock));
        byte[] body = "{\"email\": \"early@example.com\", \"name\": \"Early\"}".getBytes(StandardCharsets.UTF_8);

        CompletableFuture<Void> worked = CompletableFuture.runAsync(() ->
                hooks.received(tenant.tenantId(), UUID.randomUUID(), "Leads", UUID.randomUUID(), Instant.now(), body));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !worked.isDone());
        TriggersAccess.register(starting, triggers.route("test-first-load").orElseThrow());
        starting.loaded();
        worked.get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(20)).until(() -> runStatuses().contains("DONE"));
        JsonNode clients = api.get("/api/v1/clients", tenant.apiKey()).body().get("items");
        assertThat(clients).hasSize(1);
        assertThat(clients.get(0).get("emails").get(0).asString()).isEqualTo("early@example.com");
    }

    @Test
    void routeFilesThatNeverLoadFailTheEventForARetryInsteadOfSkippingIt() {
        Triggers starting = new Triggers(Duration.ofMillis(200));
        HookRunStarter hooks = new HookRunStarter(new RunStarter(starting, installations, runs, json, clock));

        assertThatThrownBy(() -> hooks.received(tenant.tenantId(), UUID.randomUUID(), "Leads", UUID.randomUUID(),
                Instant.now(), "{\"email\": \"late@example.com\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotInstanceOf(DomainException.class) // transient: the inbox tries the event again
                .hasMessageContaining("route files have not been loaded yet");
        assertThat(runStatuses()).isEmpty();
    }

    @Test
    void aRunningInstanceHasLoadedItsRouteFiles() {
        CompletableFuture<java.util.List<String>> asked = CompletableFuture.supplyAsync(() ->
                triggers.withBlock("hook").stream().map(Triggers.Registration::routeId).toList());
        assertThat(asked).succeedsWithin(Duration.ofSeconds(1)).asList().contains("test-first-load");
    }

    private java.util.List<String> runStatuses() {
        return api.get("/api/v1/route-installations/" + installation + "/runs", tenant.apiKey()).body().get("items")
                .valueStream().map(r -> r.get("status").asString()).toList();
    }
}
