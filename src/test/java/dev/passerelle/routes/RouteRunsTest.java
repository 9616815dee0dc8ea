package dev.passerelle.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.Ids;

@PasserelleTest
class RouteRunsTest {

    @Autowired
    Api api;
    @Autowired
    RouteRuns runs;
    @Autowired
    RoutesProperties settings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    /**
     * One route may hold at most half of the worker loops, however many runs each loop has leased:
     * counting leased runs instead would let a single loop's batch shut every other loop out.
     */
    @Test
    void aRouteHoldsAtMostHalfOfTheLoopsCountedInLoopsNotRuns() {
        int cap = Math.max(1, settings.workers() / 2);
        UUID tenant = api.createTenant("cap").tenantId();
        String route = "cap-test-" + UUID.randomUUID();
        UUID installation = Ids.newId();
        Instant now = Instant.now();
        jdbc.sql("""
                INSERT INTO route_installation (id, tenant_id, route_id, name, parameters, status, created_at, updated_at)
                VALUES (?, ?, ?, 'cap', '{}', 'ACTIVE', ?, ?)""")
                .params(installation, tenant, route, Timestamp.from(now), Timestamp.from(now)).update();
        // Due only in the future this test looks at, so the running workers leave them alone.
        Instant due = now.plus(Duration.ofDays(1));
        List<Run> rows = new ArrayList<>();
        for (int i = 0; i < 3 * cap + 2; i++) {
            rows.add(new Run(Ids.newId(), tenant, installation, route, "test.cap", Ids.newId(), now, "{}",
                    Run.Status.PENDING, 0, due, now, null, null, null));
        }
        runs.insertAll(rows);
        Instant later = due.plus(Duration.ofMinutes(1));

        // cap - 1 loops, each holding three runs: the route may still take another loop.
        for (int loop = 0; loop < cap - 1; loop++) {
            lease(rows.subList(3 * loop, 3 * loop + 3), Ids.newId(), later);
        }
        assertThat(due(route, later)).isNotEmpty();

        // One loop more: the route holds its share, whatever the number of runs leased.
        lease(rows.subList(3 * (cap - 1), 3 * cap), Ids.newId(), later);
        assertThat(due(route, later)).isEmpty();
    }

    private void lease(List<Run> leased, UUID token, Instant at) {
        tx.executeWithoutResult(s -> runs.lease(leased.stream().map(Run::id).toList(), token, at,
                at.plus(Duration.ofHours(1))));
    }

    private List<UUID> due(String route, Instant at) {
        List<UUID> ours = jdbc.sql("SELECT id FROM route_run WHERE route_id = ?").param(route).query(UUID.class).list();
        return tx.execute(s -> runs.lockDue(at, 1000)).stream().filter(ours::contains).toList();
    }
}
