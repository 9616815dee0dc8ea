package dev.passerelle.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.support.StandardWebhooksVerifier;
import dev.passerelle.support.StandardWebhooks;
import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.HostileUrls;
import tools.jackson.databind.JsonNode;

/** Live deliveries to a real HTTP receiver (WireMock on 127.0.0.1), checked as a receiver would check them. */
@PasserelleTest
class DeliveryTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theVerifierReproducesTheSpecificationsTestVector() {
        // The vector published with the Standard Webhooks reference libraries.
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertThat(StandardWebhooksVerifier.expected(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(StandardWebhooks.sign(StandardWebhooks.key(secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aNewClientArrivesSignedWithTheStandardWebhooksHeaders() {
        Hooks hooks = new Hooks(api, "Signed Deliveries");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.ok());
        String clientId = hooks.client("Ada Lovelace");

        LoggedRequest request = Hooks.awaitReceived(sub.url(), 1).get(0);
        byte[] body = request.getBody();
        JsonNode payload = api.json(new String(body, StandardCharsets.UTF_8));
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(60);
        assertThat(StandardWebhooksVerifier.verify(sub.secret(), id, timestamp, body, request.getHeader("webhook-signature")))
                .as("signature %s", request.getHeader("webhook-signature")).isTrue();
        assertThat(request.getHeader("webhook-signature")).startsWith("v1,");

        // The body: exactly {id, type, occurredAt, data}, the id the event's, data the client as the API shows it.
        assertThat(payload.propertyNames()).containsExactly("id", "type", "occurredAt", "data");
        assertThat(payload.get("id").asString()).isEqualTo(id);
        assertThat(payload.get("type").asString()).isEqualTo("client.created");
        JsonNode event = api.get("/api/v1/domain-events?type=client.created&subjectId=" + clientId, hooks.key()).body()
                .get("items").get(0);
        assertThat(event.get("id").asString()).isEqualTo(id);
        assertThat(Instant.parse(payload.get("occurredAt").asString()))
                .isEqualTo(Instant.parse(event.get("occurredAt").asString()));
        JsonNode shown = api.get("/api/v1/clients/" + clientId, hooks.key()).body();
        assertThat(withoutNulls(payload.get("data"))).isEqualTo(shown);

        // The log: one delivery, delivered at its first attempt.
        JsonNode delivery = hooks.awaitOnlyDelivery(sub, d -> d.get("status").asString().equals("DELIVERED"));
        assertThat(delivery.get("eventId").asString()).isEqualTo(id);
        assertThat(delivery.get("event").asString()).isEqualTo("client.created");
        assertThat(delivery.get("attempts")).hasSize(1);
        JsonNode attempt = delivery.get("attempts").get(0);
        assertThat(attempt.get("statusCode").asInt()).isEqualTo(200);
        assertThat(attempt.get("latencyMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(attempt.has("error")).isFalse();
        assertThat(attempt.get("at").asString()).isNotBlank();
    }

    @Test
    void everySubscriptionOfTheEventGetsTheSameIdWithItsOwnSignature() {
        Hooks hooks = new Hooks(api, "Two Zaps");
        Hooks.Sub first = hooks.subscribe("client.created", Receiver.ok());
        Hooks.Sub second = hooks.subscribe("client.created", Receiver.ok());
        hooks.client("Grace Hopper");

        LoggedRequest a = Hooks.awaitReceived(first.url(), 1).get(0);
        LoggedRequest b = Hooks.awaitReceived(second.url(), 1).get(0);
        assertThat(a.getHeader("webhook-id")).isEqualTo(b.getHeader("webhook-id"));
        assertThat(a.getBody()).isEqualTo(b.getBody());
        assertThat(StandardWebhooksVerifier.verify(first.secret(), a.getHeader("webhook-id"), a.getHeader("webhook-timestamp"),
                a.getBody(), a.getHeader("webhook-signature"))).isTrue();
        assertThat(StandardWebhooksVerifier.verify(second.secret(), b.getHeader("webhook-id"),
                b.getHeader("webhook-timestamp"), b.getBody(), b.getHeader("webhook-signature"))).isTrue();
        assertThat(StandardWebhooksVerifier.verify(first.secret(), b.getHeader("webhook-id"),
                b.getHeader("webhook-timestamp"), b.getBody(), b.getHeader("webhook-signature"))).isFalse();
    }

    @Test
    void onlyTheTenantsOwnEventsOfTheSubscribedTypeAreDelivered() {
        Hooks mine = new Hooks(api, "Mine");
        Hooks theirs = new Hooks(api, "Theirs");
        Hooks.Sub sub = mine.subscribe("client.created", Receiver.ok());
        theirs.subscribe("client.created", Receiver.ok());

        theirs.client("Not Mine");
        api.post("/api/v1/products", mine.key(), Map.of("name", "Candle", "sku", "C-1", "unitPrice", "9.50"));
        String clientId = mine.client("Mine Only");

        LoggedRequest request = Hooks.awaitReceived(sub.url(), 1).get(0);
        JsonNode data = api.json(request.getBodyAsString()).get("data");
        assertThat(data.get("id").asString()).isEqualTo(clientId);
        // Events before it, of another tenant or type, would have been fanned out first: none was.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> Receiver.received(sub.url()).size() == 1);
    }

    @Test
    void redirectsAreNotFollowed() {
        Hooks hooks = new Hooks(api, "Redirected");
        String elsewhere = Receiver.ok();
        Hooks.Sub sub = hooks.subscribe("client.created",
                Receiver.answering(aResponse().withStatus(302).withHeader("Location", elsewhere)));
        hooks.client("Moved Permanently");

        JsonNode delivery = hooks.awaitOnlyDelivery(sub, Hooks.attempts(1));
        assertThat(delivery.get("status").asString()).isEqualTo("PENDING");
        assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(302);
        assertThat(delivery.get("attempts").get(0).get("error").asString()).startsWith("HTTP 302");
        assertThat(Receiver.received(elsewhere)).isEmpty();
    }

    @Test
    void aHugeAnswerIsReadOnlyInPart() throws Exception {
        Hooks hooks = new Hooks(api, "Chatty Receiver");
        try (HugeAnswers okReceiver = new HugeAnswers(200, 8 << 20);
             HugeAnswers failingReceiver = new HugeAnswers(500, 8 << 20)) {
            Hooks.Sub ok = hooks.subscribe("client.created", okReceiver.url());
            Hooks.Sub failing = hooks.subscribe("client.created", failingReceiver.url());
            hooks.client("Verbose");

            JsonNode delivered = awaitAnswered(hooks, ok);
            assertThat(delivered.get("status").asString()).as(delivered.toString()).isEqualTo("DELIVERED");
            assertThat(last(delivered).get("statusCode").asInt()).isEqualTo(200);
            JsonNode failed = awaitAnswered(hooks, failing);
            assertThat(last(failed).get("statusCode").asInt()).as(failed.toString()).isEqualTo(500);
            assertThat(last(failed).get("error").asString()).startsWith("HTTP 500: xxx").hasSizeLessThan(400);
        } finally {
            WebhookTestConfiguration.TIME.reset();
        }
    }

    /**
     * The subscription's only delivery once an attempt got an answer. On a loaded machine an attempt
     * may still time out (the test's timeout is 2 s), and the next retry after the 5 s one is 5 min
     * away: an attempt that timed out is retried now, by moving the schedule's clock;
     * any other failure fails the test, and so do eight timeouts (the delivery is dead).
     */
    private static JsonNode awaitAnswered(Hooks hooks, Hooks.Sub sub) {
        for (int attempts = 1; ; attempts++) {
            int n = attempts;
            JsonNode delivery = hooks.awaitOnlyDelivery(sub, d -> d.get("attempts").size() >= n
                    && !"RUNNING".equals(d.get("status").asString()));
            attempts = delivery.get("attempts").size();
            JsonNode last = last(delivery);
            if (last.has("statusCode")) {
                return delivery;
            }
            assertThat(last.get("error").asString()).as(delivery.toString()).startsWith("timed out");
            assertThat(RetrySchedule.after(attempts)).as("every attempt timed out: %s", delivery).isPresent();
            WebhookTestConfiguration.TIME.advance(RetrySchedule.after(attempts).get());
        }
    }

    private static JsonNode last(JsonNode delivery) {
        return delivery.get("attempts").get(delivery.get("attempts").size() - 1);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeFails() {
        Hooks hooks = new Hooks(api, "Slow Receiver");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.answering(aResponse().withStatus(200)
                .withFixedDelay(4000)));
        hooks.client("Patience");

        JsonNode delivery = hooks.awaitOnlyDelivery(sub, Hooks.attempts(1));
        JsonNode attempt = delivery.get("attempts").get(0);
        assertThat(delivery.get("status").asString()).isEqualTo("PENDING");
        assertThat(attempt.has("statusCode")).isFalse();
        assertThat(attempt.get("error").asString()).startsWith("timed out");
        assertThat(attempt.get("latencyMs").asLong()).isBetween(1500L, 3900L);
    }

    @Test
    void aRefusedConnectionFails() {
        Hooks hooks = new Hooks(api, "Nobody Home");
        Hooks.Sub sub = hooks.subscribe("client.created", "http://127.0.0.1:9/hooks/closed");
        hooks.client("Knock Knock");

        JsonNode attempt = hooks.awaitOnlyDelivery(sub, Hooks.attempts(1)).get("attempts").get(0);
        assertThat(attempt.has("statusCode")).as(attempt.toString()).isFalse();
        assertThat(attempt.get("error").asString()).startsWith("could not connect");
    }

    /**
     * The address is checked again at every delivery: a subscription whose URL would now be refused
     * (its name resolves elsewhere since, or the rules changed) gets no connection.
     */
    @Test
    void hostileTargetsAreRefusedWhenDelivering() {
        Hooks hooks = new Hooks(api, "Rebound");
        List<Hooks.Sub> subs = new ArrayList<>();
        for (String hostile : HostileUrls.NOT_LOOPBACK) {
            Hooks.Sub sub = hooks.subscribe("client.created", Receiver.ok());
            jdbc.sql("UPDATE webhook_subscription SET target_url = ? WHERE id = ?").params(hostile, UUID.fromString(sub.id()))
                    .update();
            subs.add(new Hooks.Sub(sub.id(), sub.secret(), hostile));
        }
        hooks.client("Target Practice");

        // A refusal is retried like any failure (the name may resolve elsewhere later): on a slow
        // machine the second attempt may come before this loop reaches the subscription.
        for (Hooks.Sub sub : subs) {
            JsonNode attempt = hooks.awaitOnlyDelivery(sub, d -> !d.get("attempts").isEmpty()).get("attempts").get(0);
            assertThat(attempt.get("error").asString()).as(sub.url()).startsWith("refused: ");
            assertThat(attempt.has("statusCode")).isFalse();
        }
    }

    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            var copy = ((tools.jackson.databind.node.ObjectNode) node).deepCopy();
            List<String> nulls = new ArrayList<>();
            copy.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                }
            });
            copy.remove(nulls);
            copy.properties().forEach(e -> copy.set(e.getKey(), withoutNulls(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = ((tools.jackson.databind.node.ArrayNode) node).deepCopy();
            for (int i = 0; i < copy.size(); i++) {
                copy.set(i, withoutNulls(copy.get(i)));
            }
            return copy;
        }
        return node;
    }
}
