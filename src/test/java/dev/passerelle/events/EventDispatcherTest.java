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
        DomainEvent event = tx.execute(s -> events.publish(tenant.tenantId(), "test.happened", null, Map.of("n", 1)));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(status(event.id())));

        assertThat(dev.passerelle.TestInboxHandlers.EVENT_CALLS.get(event.id()).get()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT attempts FROM event_delivery WHERE event_id = ?").param(event.id())
                .query(Integer.class).single()).isEqualTo(2);
        JsonNode feed = api.get("/api/v1/domain-events?type=test.happened", tenant.apiKey()).body();
        assertThat(feed.get("items")).hasSize(1);
        assertThat(feed.get("items").get(0).get("payload").get("n").asInt()).isEqualTo(1);
    }

    @Test
    void anEventOutsideATransactionIsRefused() {
        UUID tenant = api.createTenant("no tx").tenantId();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.publish(tenant, "test.happened", null, Map.of()))
                .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    }

    @Test
    void eventsNobodyWantsAreKeptWithoutDeliveries() {
        UUID tenant = api.createTenant("quiet").tenantId();
        DomainEvent event = tx.execute(s -> events.publish(tenant, "other.thing", null, Map.of()));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_delivery WHERE event_id = ?").param(event.id())
                .query(Long.class).single()).isZero();
    }

    private String status(UUID eventId) {
        return jdbc.sql("SELECT status FROM event_delivery WHERE event_id = ? AND subscriber = 'test-flaky'")
                .param(eventId).query(String.class).optional().orElse(null);
    }
}
