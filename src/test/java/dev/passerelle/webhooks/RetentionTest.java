package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/** Finished deliveries go after the retention with their attempts, and bodies nothing needs any more. */
@PasserelleTest
class RetentionTest {

    @Autowired
    Api api;
    @Autowired
    WebhookRoutes routes;
    @Autowired
    WebhooksProperties settings;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void realTime() {
        WebhookTestConfiguration.TIME.reset();
    }

    @Test
    void deliveredDeliveriesArePurgedAfterTheRetention() {
        Hooks hooks = new Hooks(api, "Forgetful Log");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.ok());
        hooks.client("Short Memory");
        String eventId = hooks.awaitOnlyDelivery(sub, d -> d.get("status").asString().equals("DELIVERED"))
                .get("eventId").asString();

        routes.purge();
        assertThat(hooks.deliveries(sub)).hasSize(1);

        WebhookTestConfiguration.TIME.advance(settings.retention().plus(Duration.ofMinutes(1)));
        routes.purge();
        assertThat(hooks.deliveries(sub)).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_message WHERE event_id = ?").param(UUID.fromString(eventId))
                .query(Long.class).single()).isZero();
        assertThat(hooks.subscription(sub).get("status").asString()).isEqualTo("ACTIVE");
    }
}
