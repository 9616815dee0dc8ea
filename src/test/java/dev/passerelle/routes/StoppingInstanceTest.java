package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.passerelle.Api;
import dev.passerelle.PasserelleApplication;
import dev.passerelle.hooks.HookListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance that shuts down gracefully while its inbox still has hook events to work. Found by
 * bench/soak: 14,418 events were marked done at two shutdowns with no route run, because the inbox
 * worker went on after Camel had stopped the routes and found none that wanted them. Each event
 * must end with its run, on this instance or on the next one.
 *
 * <p>Its own instances, on their own embedded database (whatever database the suite runs on): the
 * shared test context cannot be stopped.
 */
class StoppingInstanceTest {

    private static final int EVENTS = 1500;

    @TempDir
    Path dir;

    @Test
    void hookEventsLeftWhenAnInstanceStopsKeepTheirRunsForTheNextOne() throws Exception {
        Files.createDirectories(dir.resolve("routes"));
        Files.writeString(dir.resolve("routes/stopping.camel.yaml"), FirstLoadTest.ROUTE.replace("test-first-load",
                "test-stopping"), StandardCharsets.UTF_8);

        UUID tenantId;
        try (ConfigurableApplicationContext first = start("--passerelle.inbox.workers=1")) {
            Api api = new Api(first.getBean(JsonMapper.class), first.getEnvironment());
            Api.TenantKey tenant = api.createTenant("Stopping instance");
            tenantId = tenant.tenantId();
            String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "Leads")).body().get("url")
                    .asString();
            Api.Response installed = api.post("/api/v1/route-installations", tenant.apiKey(),
                    Map.of("route", "test-stopping", "parameters", Map.of("hook", "Leads")));
            assertThat(installed.status()).as(installed.text()).isEqualTo(201);

            ExecutorService posters = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> posted = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    byte[] body = ("{\"email\": \"lead" + i + "@example.com\", \"name\": \"Lead " + i + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    posted.add(posters.submit(() -> api.postRaw(hook, null, body, "application/json", Map.of())
                            .status()));
                }
                for (Future<Integer> status : posted) {
                    assertThat(status.get()).isEqualTo(200);
                }
            } finally {
                posters.shutdown();
            }
            // Stopped while the inbox works its backlog (the slow listener keeps it at it for seconds).
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM route_run", first) > 0);
        }

        try (Connection db = DriverManager.getConnection(url(), "sa", "")) {
            assertThat(count(db, "SELECT COUNT(*) FROM inbox_event e WHERE e.status = 'PROCESSED' AND NOT EXISTS"
                    + " (SELECT 1 FROM route_run r WHERE r.trigger_id = e.id)"))
                    .as("hook events done without their route run").isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM inbox_event WHERE status <> 'PROCESSED'"))
                    .as("events left for the next instance (else the stop did not come mid-drain)").isPositive();
        }

        try (ConfigurableApplicationContext second = start()) {
            try {
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        count("SELECT COUNT(*) FROM route_run WHERE status = 'DONE'", second) == EVENTS);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("not all runs done: inbox " + statuses("inbox_event", second) + ", runs "
                        + statuses("route_run", second), e);
            }
            assertThat(count("SELECT COUNT(*) FROM inbox_event WHERE status = 'PROCESSED'", second)).isEqualTo(EVENTS);
            assertThat(count("SELECT COUNT(DISTINCT trigger_id) FROM route_run", second)).isEqualTo(EVENTS);
            assertThat(count("SELECT COUNT(*) FROM client WHERE tenant_id = '" + tenantId + "'", second))
                    .isEqualTo(EVENTS);
        }
    }

    private ConfigurableApplicationContext start(String... more) {
        // A scheduler name of its own: Quartz keeps each job store's connection source in a static map
        // keyed by that name, so an instance named like the suite's cached contexts would leave them
        // reading from this instance's pool once it is closed.
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                "--spring.quartz.scheduler-name=stopping-instance-test",
                "--spring.datasource.url=" + url(), "--spring.datasource.username=sa", "--spring.datasource.password=",
                "--passerelle.data-dir=" + dir.resolve("data"), "--passerelle.routes.dir=" + dir.resolve("routes")));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(PasserelleApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("slowHookListener",
                        new SlowHookListener()))
                .run(args.toArray(String[]::new));
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static Map<String, Long> statuses(String table, ConfigurableApplicationContext context) throws SQLException {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection db = context.getBean(javax.sql.DataSource.class).getConnection();
             ResultSet rs = db.createStatement().executeQuery("SELECT status, COUNT(*) FROM " + table + " GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static long count(String sql, ConfigurableApplicationContext context) throws SQLException {
        try (Connection db = context.getBean(javax.sql.DataSource.class).getConnection()) {
            return count(db, sql);
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A listener that takes its time, as a busy database would: the inbox's drain lasts seconds. */
    private static final class SlowHookListener implements HookListener {
        @Override
        public void received(UUID tenantId, UUID hookId, String hookName, UUID eventId, Instant receivedAt, byte[] body) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
