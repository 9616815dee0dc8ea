package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.inbox.Inbox;
import dev.passerelle.inbox.InboxEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The warm-up sends a stored delivery to its own receiver again: duplicates only, nothing stored. */
@PasserelleTest
class WarmUpTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Inbox inbox;
    @Autowired
    WooConnections connections;
    @Autowired
    JsonMapper json;
    @Autowired
    HandlerRehearsal rehearsal;
    @Autowired
    Environment environment;

    Api.TenantKey tenant;
    WooOrderProcessingTest.Conn shop;
    InboxEvent stored;

    @BeforeEach
    void aShopWithOneProcessedOrder() {
        tenant = api.createTenant("Warm Shop");
        Api.Response r = api.post(WooOrderProcessingTest.PATH, tenant.apiKey(), Map.of("name", "Boutique",
                "shopUrl", "https://boutique.example", "settings", Map.of("documentKind", "invoice", "trigger", "created")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        shop = new WooOrderProcessingTest.Conn(r.body().get("id").asString(), r.body().get("deliveryUrl").asString(),
                r.body().get("secret").asString());
        Api.Response delivered = Shop.deliver(api, shop.url(), shop.secret(), "order.created",
                Shop.order("order-727-processing.json"));
        assertThat(delivered.status()).as(delivered.text()).isEqualTo(200);
        UUID eventId = UUID.fromString(delivered.body().get("eventId").asString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                inbox.find(tenant.tenantId(), eventId).orElseThrow().status() == InboxEvent.Status.PROCESSED);
        stored = inbox.find(tenant.tenantId(), eventId).orElseThrow();
    }

    WarmUp warmUp(int concurrency) {
        return new WarmUp(inbox, connections, rehearsal, json, environment, Duration.ofSeconds(1), concurrency);
    }

    URI base() {
        return URI.create(api.url(""));
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE tenant_id = ?").param(tenant.tenantId())
                .query(Long.class).single();
    }

    @Test
    void aStoredDeliverySentAgainIsADuplicateEveryTimeAndNothingIsStoredOrWorked() {
        WarmUp.Delivery delivery = warmUp(4).delivery(stored).orElseThrow();
        assertThat(delivery.path()).isEqualTo(URI.create(shop.url()).getPath());
        long events = count("inbox_event");
        long documents = count("document");

        WarmUp.Outcome outcome = warmUp(4).send(delivery, base(), Duration.ofSeconds(2));

        assertThat(outcome.stoppedBecause()).isNull();
        assertThat(outcome.duplicates()).isGreaterThan(20);
        assertThat(count("inbox_event")).isEqualTo(events).isEqualTo(1);
        assertThat(count("document")).isEqualTo(documents).isEqualTo(1);
        assertThat(inbox.find(tenant.tenantId(), stored.id()).orElseThrow().attempts()).isEqualTo(stored.attempts());
    }

    @Test
    void theFirstAnswerThatIsNotADuplicateStopsItAndSaysWhat() {
        WarmUp.Delivery good = warmUp(1).delivery(stored).orElseThrow();
        Map<String, String> badlySigned = new LinkedHashMap<>(good.headers());
        badlySigned.put("x-wc-webhook-signature", Shop.signature("not the secret", good.body()));

        WarmUp.Outcome refused = warmUp(1).send(
                new WarmUp.Delivery(good.path(), badlySigned, good.body()), base(), Duration.ofSeconds(5));

        assertThat(refused.duplicates()).isZero();
        assertThat(refused.stoppedBecause()).startsWith("the receiver answered 401").contains("signature");

        // A body the inbox has never seen is stored: the warm-up stops at once rather than send it twice.
        ObjectNode other = Shop.order("order-727-processing.json").put("id", 990_001);
        byte[] body = json.writeValueAsBytes(other);
        Map<String, String> signed = new LinkedHashMap<>(good.headers());
        signed.put("x-wc-webhook-signature", Shop.signature(shop.secret(), body));
        WarmUp.Outcome stored = warmUp(1).send(
                new WarmUp.Delivery(good.path(), signed, body), base(), Duration.ofSeconds(5));

        assertThat(stored.duplicates()).isZero();
        assertThat(stored.stoppedBecause()).startsWith("the delivery was stored as a new event");
        assertThat(count("inbox_event")).isEqualTo(2);
    }

    @Test
    void onlyAnActiveShopsDeliveryThatTheReceiverKeysTheSameWayIsSentAgain() {
        InboxEvent keyedOtherwise = new InboxEvent(stored.id(), stored.tenantId(), stored.source(),
                stored.connectionId(), "order:727@an older key format", stored.contentType(), stored.headers(),
                stored.body(), stored.status(), stored.attempts(), stored.receivedAt(), stored.nextAttemptAt(),
                stored.processedAt(), stored.lastError());
        assertThat(warmUp(1).delivery(keyedOtherwise)).isEmpty();

        assertThat(api.post(WooOrderProcessingTest.PATH + "/" + shop.id() + "/pause", tenant.apiKey(), Map.of())
                .status()).isEqualTo(200);
        assertThat(warmUp(1).delivery(stored)).isEmpty();
    }

    @Test
    void atStartItSendsARecentDeliveryAgainForItsDurationAndStoresNothing(@Autowired MeterRegistry meters) {
        long allEvents = jdbc.sql("SELECT count(*) FROM inbox_event").query(Long.class).single();
        double duplicates = duplicatesAccepted(meters);

        warmUp(2).beforeReadiness();

        assertThat(duplicatesAccepted(meters)).isGreaterThan(duplicates + 20);
        assertThat(jdbc.sql("SELECT count(*) FROM inbox_event").query(Long.class).single()).isEqualTo(allEvents);
    }

    @Test
    void aWarmUpThatCannotRunLeavesTheStartAlone() {
        MockEnvironment nowhere = new MockEnvironment().withProperty("server.address", "not an address")
                .withProperty("local.server.port", environment.getProperty("local.server.port"));
        WarmUp broken = new WarmUp(inbox, connections, rehearsal, json, nowhere, Duration.ofSeconds(1), 1);

        assertThatCode(broken::beforeReadiness).doesNotThrowAnyException();
    }

    static double duplicatesAccepted(MeterRegistry meters) {
        Counter c = meters.find("passerelle.inbox.accepted").tags("source", WooReceiver.SOURCE, "duplicate", "true").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theHandlersRehearsalMakesDocumentsAndKeepsNone() {
        long documents = count("document");
        long domainEvents = count("domain_event");
        long orders = jdbc.sql("SELECT count(*) FROM woo_order WHERE connection_id = ?")
                .param(UUID.fromString(shop.id())).query(Long.class).single();
        String lastDelivery = lastDelivery();

        long handled = rehearsal.rehearse(stored, Duration.ofSeconds(2));

        assertThat(handled).isGreaterThan(5);
        assertThat(count("document")).isEqualTo(documents).isEqualTo(1);
        assertThat(count("client")).isEqualTo(1);
        assertThat(count("domain_event")).isEqualTo(domainEvents);
        assertThat(jdbc.sql("SELECT count(*) FROM woo_order WHERE connection_id = ?")
                .param(UUID.fromString(shop.id())).query(Long.class).single()).isEqualTo(orders).isEqualTo(1);
        assertThat(lastDelivery()).isEqualTo(lastDelivery);
        // The next real invoice takes the next number: the rolled-back ones left no gap.
        Api.Response next = Shop.deliver(api, shop.url(), shop.secret(), "order.created",
                Shop.order("order-727-processing.json").put("id", 990_002));
        assertThat(next.status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("document") == 2);
        assertThat(jdbc.sql("SELECT number FROM document WHERE tenant_id = ? ORDER BY number").param(tenant.tenantId())
                .query(String.class).list()).hasSize(2).allSatisfy(n -> assertThat(n).isNotBlank())
                .satisfies(numbers -> assertThat(sequenceOf(numbers.get(1))).isEqualTo(sequenceOf(numbers.get(0)) + 1));
    }

    String lastDelivery() {
        return jdbc.sql("SELECT last_delivery_at FROM woo_connection WHERE id = ?").param(UUID.fromString(shop.id()))
                .query(String.class).single();
    }

    static long sequenceOf(String number) {
        return Long.parseLong(number.replaceAll("^.*?(\\d+)$", "$1"));
    }

    @Test
    void theDeliveryItPicksIsAProcessedOneWithAKey() {
        InboxEvent recent = inbox.recentKeyedEvent(WooReceiver.SOURCE).orElseThrow();
        assertThat(recent.status()).isEqualTo(InboxEvent.Status.PROCESSED);
        assertThat(recent.source()).isEqualTo(WooReceiver.SOURCE);
        assertThat(recent.idempotencyKey()).isNotBlank();
    }
}
