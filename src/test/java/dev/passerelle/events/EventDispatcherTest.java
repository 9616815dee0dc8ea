package dev.passerelle.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class EventDispatcherTest {

    @Autowired
    DomainEvents events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Api api;

    @Test
    void eventsReachTheirSubscriberDurablyAfterAFailure() {
        Api.TenantKey tenant = api.createTenant("events");
        DomainEvent event = tx.execute(s -> events.publish(tenant.tenantId(), null, new TestEvent("test.happened", Map.of("n", 1))));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(event.id())));

        assertThat(dev.passerelle.TestInboxHandlers.EVENT_CALLS.get(event.id()).get()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT attempts FROM event_delivery WHERE event_id = ?").param(event.id())
                .query(Integer.class).single()).isEqualTo(2);
        JsonNode feed = api.get("/api/v1/domain-events?type=test.happened", tenant.apiKey()).body();
        assertThat(feed.get("items")).hasSize(1);
        assertThat(feed.get("items").get(0).get("payload").get("n").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchingSubscriberGetsABatchInOneTransactionAndABadEventHoldsUpOnlyItself() {
        Api.TenantKey tenant = api.createTenant("batches");
        java.util.List<DomainEvent> written = tx.execute(s -> events.publishAll(tenant.tenantId(), java.util.List.of(
                new DomainEvents.NewEvent(null, new TestEvent("batch.one", Map.of("n", 1))),
                new DomainEvents.NewEvent(null, new TestEvent("batch.two", Map.of("n", 2, "failCalls", 2))),
                new DomainEvents.NewEvent(null, new TestEvent("batch.three", Map.of("n", 3))))));
        java.util.List<UUID> ids = written.stream().map(DomainEvent::id).toList();

        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> "DONE".equals(batchStatus(id))));

        // The three came in one batch, which failed on the second: nothing of it was kept, and each
        // was delivered again on its own in the same attempt. The good two went through...
        assertThat(dev.passerelle.TestInboxHandlers.BATCH_CALLS.get(ids.get(1)).get()).isEqualTo(1);
        for (UUID id : java.util.List.of(ids.get(0), ids.get(2))) {
            assertThat(dev.passerelle.TestInboxHandlers.SINGLE_CALLS.get(id).get()).isEqualTo(1);
            assertThat(attempts(id)).isEqualTo(1);
        }
        // ...the bad one failed again on its own and went through after its backoff, as a second attempt.
        assertThat(dev.passerelle.TestInboxHandlers.SINGLE_CALLS.get(ids.get(1)).get()).isEqualTo(2);
        assertThat(attempts(ids.get(1))).isEqualTo(2);
        // Whatever the path, each event's work committed exactly once.
        for (UUID id : ids) {
            assertThat(dev.passerelle.TestInboxHandlers.BATCH_COMMITS.get(id).get()).as("commits of %s", id).isEqualTo(1);
        }
    }

    @Test
    void aBatchThatSucceedsIsDeliveredInOneGo() {
        Api.TenantKey tenant = api.createTenant("batches ok");
        java.util.List<DomainEvent> written = tx.execute(s -> events.publishAll(tenant.tenantId(), java.util.List.of(
                new DomainEvents.NewEvent(null, new TestEvent("batch.a", Map.of())), new DomainEvents.NewEvent(null, new TestEvent("batch.b", Map.of())))));

        await().atMost(Duration.ofSeconds(20)).until(() -> written.stream().allMatch(e -> "DONE".equals(batchStatus(e.id()))));

        for (DomainEvent e : written) {
            assertThat(dev.passerelle.TestInboxHandlers.BATCH_CALLS.get(e.id()).get()).isEqualTo(1);
            assertThat(dev.passerelle.TestInboxHandlers.SINGLE_CALLS.get(e.id())).isNull();
            assertThat(dev.passerelle.TestInboxHandlers.BATCH_COMMITS.get(e.id()).get()).isEqualTo(1);
            assertThat(attempts(e.id())).isEqualTo(1);
        }
    }

    @Test
    void anEventOutsideATransactionIsRefused() {
        UUID tenant = api.createTenant("no tx").tenantId();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.publish(tenant, null, new TestEvent("test.happened", Map.of())))
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    }

    @Test
    void eventsNobodyWantsAreKeptWithoutDeliveries() {
        UUID tenant = api.createTenant("quiet").tenantId();
        DomainEvent event = tx.execute(s -> events.publish(tenant, null, new TestEvent("other.thing", Map.of())));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_delivery WHERE event_id = ?").param(event.id())
                .query(Long.class).single()).isZero();
    }

    private String batchStatus(UUID eventId) {
        return jdbc.sql("SELECT status FROM event_delivery WHERE event_id = ? AND subscriber = 'test-batching'")
                .param(eventId).query(String.class).optional().orElse(null);
    }

    private int attempts(UUID eventId) {
        return jdbc.sql("SELECT attempts FROM event_delivery WHERE event_id = ? AND subscriber = 'test-batching'")
                .param(eventId).query(Integer.class).single();
    }

    private String status(UUID eventId) {
        return jdbc.sql("SELECT status FROM event_delivery WHERE event_id = ? AND subscriber = 'test-flaky'")
                .param(eventId).query(String.class).optional().orElse(null);
    }
}
