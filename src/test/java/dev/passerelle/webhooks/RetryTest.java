package dev.passerelle.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.mail.MailTestServers;
import tools.jackson.databind.JsonNode;

/**
 * Failed deliveries retried from the database on the schedule, walked with the webhook clock moved
 * ahead ({@link WebhookTestConfiguration#TIME}) instead of waited for; 410 Gone; five days of
 * failures; catching up once the receiver answers again; the manual retry.
 */
@PasserelleTest
class RetryTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void realTime() {
        WebhookTestConfiguration.TIME.reset();
    }

    static void answer(String url, int status) {
        Receiver.server().stubFor(post(urlEqualTo(Receiver.path(url))).willReturn(aResponse().withStatus(status)));
    }

    @Test
    void aFailureIsRetriedFiveSecondsLaterAndDelivered() {
        Hooks hooks = new Hooks(api, "Flaky Receiver");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.answering(aResponse().withStatus(500)));
        hooks.client("Second Time Lucky");

        JsonNode failed = hooks.awaitOnlyDelivery(sub, Hooks.attempts(1));
        assertThat(failed.get("status").asString()).isEqualTo("PENDING");
        Instant first = Instant.parse(failed.get("attempts").get(0).get("at").asString());
        assertThat(Instant.parse(failed.get("nextAttemptAt").asString())).isEqualTo(first.plusSeconds(5));
        assertThat(failed.get("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(hooks.subscription(sub).get("failingSince").asString()).isNotBlank();

        answer(sub.url(), 200);
        WebhookTestConfiguration.TIME.advance(Duration.ofSeconds(5));
        JsonNode delivered = hooks.awaitOnlyDelivery(sub, d -> d.get("status").asString().equals("DELIVERED"));
        assertThat(delivered.get("attempts")).hasSize(2);
        assertThat(delivered.get("attempts").get(1).get("statusCode").asInt()).isEqualTo(200);
        assertThat(Instant.parse(delivered.get("attempts").get(1).get("at").asString())).isAfterOrEqualTo(first.plusSeconds(5));
        assertThat(hooks.subscription(sub).has("failingSince")).isFalse();
        List<LoggedRequest> requests = Receiver.received(sub.url());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).getHeader("webhook-id")).isEqualTo(requests.get(1).getHeader("webhook-id"));
    }

    @Test
    void aReceiverThatAlwaysFailsIsTriedEightTimesOnTheScheduleThenTheDeliveryIsDead() {
        Hooks hooks = new Hooks(api, "Broken Receiver");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.answering(aResponse().withStatus(503)));
        hooks.client("Never Arrives");

        List<Duration> schedule = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        for (int attempt = 1; attempt <= 8; attempt++) {
            JsonNode d = hooks.awaitOnlyDelivery(sub, Hooks.attempts(attempt));
            Instant at = Instant.parse(d.get("attempts").get(attempt - 1).get("at").asString());
            if (attempt < 8) {
                assertThat(d.get("status").asString()).isEqualTo("PENDING");
                assertThat(Duration.between(at, Instant.parse(d.get("nextAttemptAt").asString())))
                        .as("wait after attempt %d", attempt).isEqualTo(schedule.get(attempt - 1));
                WebhookTestConfiguration.TIME.advance(schedule.get(attempt - 1));
            } else {
                assertThat(d.get("status").asString()).isEqualTo("DEAD");
                assertThat(d.has("nextAttemptAt")).isFalse();
                assertThat(d.get("finishedAt").asString()).isNotBlank();
                assertThat(d.get("lastError").asString()).startsWith("HTTP 503");
            }
        }
        List<LoggedRequest> requests = Receiver.received(sub.url());
        assertThat(requests).hasSize(8);
        assertThat(requests.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(1);
        assertThat(requests.stream().map(r -> r.getHeader("webhook-timestamp")).distinct()).hasSize(8);
        for (LoggedRequest r : requests) {
            assertThat(StandardWebhooksVerifier.verify(sub.secret(), r.getHeader("webhook-id"),
                    r.getHeader("webhook-timestamp"), r.getBody(), r.getHeader("webhook-signature"))).isTrue();
        }
        // About 28 hours of failures: not yet the five days that disable a subscription.
        assertThat(hooks.subscription(sub).get("status").asString()).isEqualTo("ACTIVE");

        // The receiver is fixed: a dead delivery is sent again on request, once.
        answer(sub.url(), 204);
        String deliveryId = hooks.deliveries(sub).get(0).get("id").asString();
        Api.Response retried = api.post("/api/v1/subscriptions/" + sub.id() + "/deliveries/" + deliveryId + "/retry",
                hooks.key(), null);
        assertThat(retried.status()).as(retried.text()).isEqualTo(202);
        JsonNode delivered = hooks.awaitOnlyDelivery(sub, d -> d.get("status").asString().equals("DELIVERED"));
        assertThat(delivered.get("attempts")).hasSize(9);
        Api.Response again = api.post("/api/v1/subscriptions/" + sub.id() + "/deliveries/" + deliveryId + "/retry",
                hooks.key(), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("detail").asString()).contains("delivered already");
        assertThat(api.post("/api/v1/subscriptions/" + sub.id() + "/deliveries/" + UUID.randomUUID() + "/retry",
                hooks.key(), null).status()).isEqualTo(404);
    }

    @Test
    void goneDeletesTheSubscriptionAtOnce() {
        Hooks hooks = new Hooks(api, "Unsubscribed Elsewhere");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.answering(aResponse().withStatus(410)));
        hooks.client("First");
        hooks.client("Second");

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/subscriptions/" + sub.id(), hooks.key()).status() == 404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE subscription_id = ?")
                .param(UUID.fromString(sub.id())).query(Long.class).single()).isZero();
        int before = Receiver.received(sub.url()).size();
        assertThat(before).isBetween(1, 2);
        hooks.client("Third");
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                .until(() -> Receiver.received(sub.url()).size() == before);
    }

    @Test
    void aSubscriptionFailingForFiveDaysIsDisabledAndTheTenantToldOnce() throws Exception {
        Hooks hooks = new Hooks(api, "Abandoned Zap");
        String company = "contact+" + UUID.randomUUID().toString().substring(0, 8) + "@abandoned.example";
        assertThat(api.put("/api/v1/settings/company", hooks.key(), Map.of("name", "Abandoned Zap", "email", company,
                "paymentTermsDays", 14, "defaultLanguage", "en")).status()).isEqualTo(200);
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.answering(aResponse().withStatus(500)));
        Hooks.Sub healthy = hooks.subscribe("client.created", Receiver.ok());
        hooks.client("Lost Lead");

        hooks.awaitOnlyDelivery(sub, Hooks.attempts(1));
        hooks.awaitOnlyDelivery(healthy, d -> d.get("status").asString().equals("DELIVERED"));
        WebhookTestConfiguration.TIME.advance(Duration.ofDays(5).plusMinutes(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.subscription(sub).get("status").asString()
                .equals("DISABLED"));
        JsonNode disabled = hooks.subscription(sub);
        assertThat(disabled.get("disabledAt").asString()).isNotBlank();
        JsonNode delivery = hooks.awaitOnlyDelivery(sub, d -> d.get("status").asString().equals("DEAD"));
        assertThat(delivery.get("attempts")).hasSize(2);
        assertThat(delivery.get("lastError").asString()).startsWith("the subscription was disabled");
        assertThat(hooks.subscription(healthy).get("status").asString()).isEqualTo("ACTIVE");

        await().atMost(Duration.ofSeconds(20)).until(() -> toldOf(company).size() == 1);
        MimeMessage mail = toldOf(company).get(0);
        assertThat(mail.getSubject()).isEqualTo("Webhook subscription disabled: client.created to 127.0.0.1");
        assertThat(api.get("/api/v1/domain-events?type=webhook.subscription_disabled&subjectId=" + sub.id(), hooks.key())
                .body().get("items")).hasSize(1);

        // Nothing more goes to it, and nothing is sent again by hand while it is disabled.
        hooks.client("Another Lead");
        Hooks.awaitReceived(healthy.url(), 2);
        assertThat(hooks.deliveries(sub)).hasSize(1);
        Api.Response retry = api.post("/api/v1/subscriptions/" + sub.id() + "/deliveries/" + delivery.get("id").asString()
                + "/retry", hooks.key(), null);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body().get("detail").asString()).contains("disabled");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> toldOf(company).size() == 1);
    }

    @Test
    void aSuccessMakesTheWaitingRetriesDueAtOnce() {
        Hooks hooks = new Hooks(api, "Back Online");
        Hooks.Sub sub = hooks.subscribe("client.created", Receiver.answering(aResponse().withStatus(502)));
        hooks.client("Waiting One");
        hooks.client("Waiting Two");
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(hooks, sub) == 2);
        WebhookTestConfiguration.TIME.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(hooks, sub) == 4);
        // Both now wait five minutes for their third attempt.
        for (JsonNode d : hooks.deliveries(sub)) {
            assertThat(d.get("status").asString()).isEqualTo("PENDING");
        }

        answer(sub.url(), 200);
        hooks.client("Fresh One");
        await().atMost(Duration.ofSeconds(20)).until(() -> hooks.deliveries(sub).stream()
                .allMatch(d -> d.get("status").asString().equals("DELIVERED")) && hooks.deliveries(sub).size() == 3);
        assertThat(hooks.subscription(sub).has("failingSince")).isFalse();
    }

    private static int attempts(Hooks hooks, Hooks.Sub sub) {
        return hooks.deliveries(sub).stream().filter(d -> !d.get("status").asString().equals("RUNNING"))
                .mapToInt(d -> d.get("attempts").size()).sum();
    }

    private static List<MimeMessage> toldOf(String address) {
        return Arrays.stream(MailTestServers.hub().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
