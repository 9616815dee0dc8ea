package dev.passerelle.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** WireMock plays the shop's REST API: one-step connect, missed orders, disabled webhooks. */
@PasserelleTest
class WooRecoveryTest {

    static final String PATH = "/api/v1/connections/woocommerce";
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ck_test:cs_test".getBytes(StandardCharsets.UTF_8));

    @Autowired
    Api api;
    @Autowired
    WooRecovery recovery;
    @Autowired
    WooConnections connections;
    @Autowired
    JdbcClient jdbc;

    WireMockServer shop = Shop.rest();
    Api.TenantKey tenant;
    String base;

    @BeforeEach
    void shopAndTenant() {
        tenant = api.createTenant("Recovering shop");
        base = "/shop-" + UUID.randomUUID();
    }

    String shopUrl() {
        return shop.baseUrl() + base;
    }

    String api(String path) {
        return base + "/wp-json/wc/v3" + path;
    }

    JsonNode connect(Map<String, Object> extra) {
        Map<String, Object> request = new HashMap<>(Map.of("name", "Shop", "shopUrl", shopUrl(),
                "consumerKey", "ck_test", "consumerSecret", "cs_test"));
        request.putAll(extra);
        Api.Response r = api.post(PATH, tenant.apiKey(), request);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body();
    }

    WooRecovery.Result recover(String connectionId) {
        return recovery.run(connections.row(tenant.tenantId(), UUID.fromString(connectionId)));
    }

    String hook(long id, String topic, String status, String deliveryUrl) {
        return "{\"id\":" + id + ",\"name\":\"x\",\"status\":\"" + status + "\",\"topic\":\"" + topic
                + "\",\"delivery_url\":\"" + deliveryUrl + "\",\"secret\":\"old\"}";
    }

    @Test
    void oneStepConnectCreatesBothWebhooksAndReusesThemLater() {
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[]")));
        shop.stubFor(post(urlPathEqualTo(api("/webhooks"))).withRequestBody(matchingJsonPath("$.topic", equalTo("order.created")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":101,\"status\":\"active\",\"topic\":\"order.created\"}")));
        shop.stubFor(post(urlPathEqualTo(api("/webhooks"))).withRequestBody(matchingJsonPath("$.topic", equalTo("order.updated")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":102,\"status\":\"active\",\"topic\":\"order.updated\"}")));

        JsonNode created = connect(Map.of("connectWebhooks", true));

        String url = created.get("deliveryUrl").asString();
        String secret = created.get("secret").asString();
        assertThat(created.get("webhookSetup").get("status").asString()).isEqualTo("connected");
        assertThat(created.get("webhooks")).hasSize(2);
        assertThat(created.get("hasRestKeys").asBoolean()).isTrue();
        for (String topic : List.of("order.created", "order.updated")) {
            shop.verify(1, postRequestedFor(urlPathEqualTo(api("/webhooks"))).withHeader("Authorization", equalTo(AUTH))
                    .withRequestBody(matchingJsonPath("$.topic", equalTo(topic)))
                    .withRequestBody(matchingJsonPath("$.delivery_url", equalTo(url)))
                    .withRequestBody(matchingJsonPath("$.secret", equalTo(secret)))
                    .withRequestBody(matchingJsonPath("$.status", equalTo("active"))));
        }

        // The shop now lists them (one paused by the owner); connecting again reuses both.
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[" + hook(101, "order.created", "paused", url)
                + "," + hook(102, "order.updated", "active", url) + "," + hook(7, "order.created", "active",
                "https://elsewhere.example/hook") + "]")));
        shop.stubFor(put(urlPathEqualTo(api("/webhooks/101"))).willReturn(okJson("{\"id\":101,\"status\":\"active\"}")));
        shop.stubFor(put(urlPathEqualTo(api("/webhooks/102"))).willReturn(okJson("{\"id\":102,\"status\":\"active\"}")));
        String id = created.get("id").asString();
        Api.Response again = api.post(PATH + "/" + id + "/connect-webhooks", tenant.apiKey(), null);

        assertThat(again.body().get("status").asString()).isEqualTo("connected");
        shop.verify(2, postRequestedFor(urlPathEqualTo(api("/webhooks"))));
        shop.verify(1, putRequestedFor(urlPathEqualTo(api("/webhooks/101")))
                .withRequestBody(matchingJsonPath("$.status", equalTo("active"))));

        Api.Response rotated = api.post(PATH + "/" + id + "/rotate-secret", tenant.apiKey(), null);
        String fresh = rotated.body().get("secret").asString();
        assertThat(rotated.body().get("updatedInShop").asBoolean()).isTrue();
        for (String hookId : List.of("101", "102")) {
            shop.verify(putRequestedFor(urlPathEqualTo(api("/webhooks/" + hookId)))
                    .withRequestBody(equalToJson("{\"secret\":\"" + fresh + "\"}")));
        }
    }

    @Test
    void aSetupWithWrongKeysStaysFailedAndAlertedUntilItIsRedone() {
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"woocommerce_rest_authentication_error\","
                        + "\"message\":\"Consumer key is invalid.\",\"data\":{\"status\":401}}")));
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(okJson("[]")));

        JsonNode created = connect(Map.of("connectWebhooks", true));
        String id = created.get("id").asString();
        assertThat(created.get("webhookSetup").get("status").asString()).isEqualTo("failed");
        recover(id);

        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("webhookAlert").asBoolean()).isTrue();
        assertThat(connection.get("webhookSetup").get("status").asString()).isEqualTo("failed");
        assertThat(connection.get("webhookSetup").get("error").asString()).contains("401", "Consumer key is invalid");
        assertThat(connection.get("webhookSetup").get("at")).isNotNull();
        JsonNode hooks = connection.get("webhooks");
        assertThat(hooks).hasSize(2);
        for (JsonNode hook : hooks) {
            assertThat(hook.get("status").asString()).isEqualTo("unknown");
            assertThat(hook.get("error").asString()).contains("401");
        }
    }

    @Test
    void aHalfDoneSetupShowsEachWebhookAsTheShopHasItUntilItIsRepaired() {
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[]")));
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(okJson("[]")));
        shop.stubFor(post(urlPathEqualTo(api("/webhooks"))).withRequestBody(matchingJsonPath("$.topic", equalTo("order.created")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":501,\"status\":\"active\",\"topic\":\"order.created\"}")));
        shop.stubFor(post(urlPathEqualTo(api("/webhooks"))).withRequestBody(matchingJsonPath("$.topic", equalTo("order.updated")))
                .willReturn(aResponse().withStatus(500)));

        JsonNode created = connect(Map.of("connectWebhooks", true));
        String id = created.get("id").asString();
        String url = created.get("deliveryUrl").asString();
        assertThat(created.get("webhookSetup").get("status").asString()).isEqualTo("failed");
        // The shop now lists the one it created; the recovery keeps the other missing, with why.
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[" + hook(501, "order.created", "active", url) + "]")));
        recover(id);

        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("webhookAlert").asBoolean()).isTrue();
        assertThat(connection.get("webhookSetup").get("status").asString()).isEqualTo("failed");
        assertThat(connection.get("webhookSetup").get("error").asString()).contains("POST", "500");
        JsonNode hooks = connection.get("webhooks");
        assertThat(hooks.get(0).get("id").asLong()).isEqualTo(501);
        assertThat(hooks.get(0).get("status").asString()).isEqualTo("active");
        assertThat(hooks.get(0).has("error")).isFalse();
        assertThat(hooks.get(1).get("topic").asString()).isEqualTo("order.updated");
        assertThat(hooks.get(1).get("status").asString()).isEqualTo("missing");
        assertThat(hooks.get(1).get("error").asString()).contains("500");

        // Repaired: the shop creates the second one, and the connection says so.
        shop.stubFor(post(urlPathEqualTo(api("/webhooks"))).withRequestBody(matchingJsonPath("$.topic", equalTo("order.updated")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":502,\"status\":\"active\",\"topic\":\"order.updated\"}")));
        shop.stubFor(put(urlPathEqualTo(api("/webhooks/501"))).willReturn(okJson("{\"id\":501,\"status\":\"active\"}")));
        assertThat(api.post(PATH + "/" + id + "/connect-webhooks", tenant.apiKey(), null).body().get("status").asString())
                .isEqualTo("connected");
        connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("webhookAlert").asBoolean()).isFalse();
        assertThat(connection.get("webhookSetup").get("status").asString()).isEqualTo("connected");
        assertThat(connection.get("webhookSetup").has("error")).isFalse();
        assertThat(connection.get("webhooks").get(1).get("id").asLong()).isEqualTo(502);
        assertThat(connection.get("webhooks").get(1).has("error")).isFalse();
    }

    @Test
    void ordersWhoseWebhookNeverArrivedAreFetchedAndMadeOnce() {
        JsonNode created = connect(Map.of("settings", Map.of("documentKind", "invoice", "trigger", "paid")));
        String id = created.get("id").asString();
        // Both changed after the shop was connected (the cursor starts at connect time).
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String modified = later.toString().replace("Z", "");
        ArrayNode orders = Shop.JSON.createArrayNode();
        orders.add(Shop.order("order-727-processing.json").put("date_modified_gmt", modified));
        orders.add(Shop.order("order-eu-vat-inclusive.json").put("date_modified_gmt", modified.substring(0, 17) + "00"));
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(okJson(orders.toString())
                .withHeader("X-WP-TotalPages", "1").withHeader("X-WP-Total", "2")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[]")));
        // The webhook for 727 did arrive: recovery must not store it a second time.
        Api.Response delivered = Shop.deliver(api, created.get("deliveryUrl").asString(), created.get("secret").asString(),
                "order.created", Shop.order("order-727-processing.json").put("date_modified_gmt", modified));
        assertThat(delivered.status()).isEqualTo(200);

        WooRecovery.Result first = recover(id);
        WooRecovery.Result second = recover(id);

        assertThat(first.error()).isNull();
        assertThat(first.orders()).isEqualTo(2);
        assertThat(second.orders()).isEqualTo(2);
        shop.verify(getRequestedFor(urlPathEqualTo(api("/orders"))).withHeader("Authorization", equalTo(AUTH))
                .withQueryParam("orderby", equalTo("modified")).withQueryParam("order", equalTo("asc"))
                .withQueryParam("dates_are_gmt", equalTo("true")).withQueryParam("modified_after", equalTo(
                        later.minusSeconds(1).toString().replace("Z", ""))));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/documents", tenant.apiKey()).body()
                .get("items").size() == 2 && api.get("/api/v1/events?status=PENDING", tenant.apiKey()).body()
                .get("items").isEmpty());
        assertThat(api.get("/api/v1/events", tenant.apiKey()).body().get("items")).hasSize(2);
        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("recovery").get("cursor").asString()).isEqualTo(later.toString());
        assertThat(connection.get("recovery").has("lastError")).isFalse();
        assertThat(api.get("/api/v1/documents?externalRef=5120", tenant.apiKey()).body().get("items").get(0)
                .get("total").decimalValue()).isEqualByComparingTo("77.47");
    }

    /** Shops and proxies that cap page sizes: short pages, and the headers say more are coming. */
    @Test
    void shortPagesAreFollowedAsLongAsTheShopSaysThereIsMore() {
        JsonNode created = connect(Map.of());
        String id = created.get("id").asString();
        String modified = java.time.Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString().replace("Z", "");
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[]")));
        // Pages 1 and 2 hold two orders each: one page says so by X-WP-TotalPages, the next by Link only.
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(orders(modified, 9001, 9002).toString()).withHeader("X-WP-TotalPages", "3")));
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(orders(modified, 9003, 9004).toString())
                        .withHeader("Link", "<" + shopUrl() + "/wp-json/wc/v3/orders?page=1>; rel=\"prev\", <"
                                + shopUrl() + "/wp-json/wc/v3/orders?page=3>; rel=\"next\"")));
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).withQueryParam("page", equalTo("3"))
                .willReturn(okJson(orders(modified, 9005).toString()).withHeader("X-WP-TotalPages", "3")));

        WooRecovery.Result result = recover(id);

        assertThat(result.error()).isNull();
        assertThat(result.orders()).isEqualTo(5);
        shop.verify(3, getRequestedFor(urlPathEqualTo(api("/orders"))));
        List<String> keys = jdbc.sql("SELECT idempotency_key FROM inbox_event WHERE tenant_id = ? ORDER BY idempotency_key")
                .param(tenant.tenantId()).query(String.class).list();
        assertThat(keys).hasSize(5).allMatch(k -> k.startsWith("order:900"));
    }

    private static ArrayNode orders(String modified, long... ids) {
        ArrayNode orders = Shop.JSON.createArrayNode();
        for (long id : ids) {
            orders.add(Shop.order("order-727-processing.json").put("id", id).put("date_modified_gmt", modified));
        }
        return orders;
    }

    @Test
    void aDisabledWebhookIsShownAnnouncedOnceAndSwitchedBackOnWhenAllowed() {
        JsonNode allowed = connect(Map.of("settings", Map.of("reenableDisabledWebhooks", true)));
        String url = allowed.get("deliveryUrl").asString();
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(okJson("[]")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[" + hook(201, "order.created", "disabled", url)
                + "," + hook(202, "order.updated", "active", url) + "]")));
        shop.stubFor(put(urlPathEqualTo(api("/webhooks/201"))).willReturn(okJson("{\"id\":201,\"status\":\"active\"}")));

        assertThat(recover(allowed.get("id").asString()).error()).isNull();

        shop.verify(1, putRequestedFor(urlPathEqualTo(api("/webhooks/201"))).withRequestBody(equalToJson("{\"status\":\"active\"}")));
        JsonNode connection = api.get(PATH + "/" + allowed.get("id").asString(), tenant.apiKey()).body();
        assertThat(connection.get("webhookAlert").asBoolean()).isFalse();
        assertThat(connection.get("webhooks").get(0).get("status").asString()).isEqualTo("active");
        List<String> events = disabledEvents();
        assertThat(events).hasSize(1);
        JsonNode payload = api.json(events.get(0));
        assertThat(payload.get("webhookId").asLong()).isEqualTo(201);
        assertThat(payload.get("topic").asString()).isEqualTo("order.created");
        assertThat(payload.get("reenabled").asBoolean()).isTrue();
    }

    @Test
    void withoutPermissionTheDisabledWebhookStaysVisibleAndIsAnnouncedOnlyOnce() {
        JsonNode created = connect(Map.of());
        String id = created.get("id").asString();
        String url = created.get("deliveryUrl").asString();
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(okJson("[]")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[" + hook(301, "order.created", "active", url)
                + "," + hook(302, "order.updated", "disabled", url) + "]")));

        recover(id);
        recover(id);

        shop.verify(0, putRequestedFor(urlPathEqualTo(api("/webhooks/302"))));
        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("webhookAlert").asBoolean()).isTrue();
        assertThat(connection.get("webhooks").get(1).get("status").asString()).isEqualTo("disabled");
        assertThat(disabledEvents()).hasSize(1);
        assertThat(api.json(disabledEvents().get(0)).get("reenabled").asBoolean()).isFalse();
    }

    @Test
    void whenReenablingFailsTheWebhookStaysDisabledAlertedAnnouncedAndSaysWhy() {
        JsonNode created = connect(Map.of("settings", Map.of("reenableDisabledWebhooks", true)));
        String id = created.get("id").asString();
        String url = created.get("deliveryUrl").asString();
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(okJson("[]")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[" + hook(401, "order.created", "disabled", url)
                + "," + hook(402, "order.updated", "disabled", url) + "]")));
        // The shop fails on one, and the keys turn out to be read-only for the other.
        shop.stubFor(put(urlPathEqualTo(api("/webhooks/401"))).willReturn(aResponse().withStatus(500)));
        shop.stubFor(put(urlPathEqualTo(api("/webhooks/402"))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"woocommerce_rest_authentication_error\","
                        + "\"message\":\"The API key provided does not have write permissions.\",\"data\":{\"status\":401}}")));

        WooRecovery.Result first = recover(id);
        recover(id);

        shop.verify(2, putRequestedFor(urlPathEqualTo(api("/webhooks/402"))));
        assertThat(first.error()).contains("re-enabling", "500", "401");
        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("webhookAlert").asBoolean()).isTrue();
        JsonNode hooks = connection.get("webhooks");
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0).get("id").asLong()).isEqualTo(401);
        assertThat(hooks.get(0).get("status").asString()).isEqualTo("disabled");
        assertThat(hooks.get(0).get("error").asString()).contains("re-enabling failed", "500");
        assertThat(hooks.get(1).get("status").asString()).isEqualTo("disabled");
        assertThat(hooks.get(1).get("error").asString()).contains("401", "Read/Write");
        List<String> events = disabledEvents();
        assertThat(events).hasSize(2);
        for (String event : events) {
            JsonNode payload = api.json(event);
            assertThat(payload.get("status").asString()).isEqualTo("disabled");
            assertThat(payload.get("reenabled").asBoolean()).isFalse();
            assertThat(payload.get("reenableError").asString()).contains("answered");
        }
    }

    @Test
    void aShopThatRefusesOrRedirectsIsRecordedAndTheCursorStays() {
        JsonNode created = connect(Map.of());
        String id = created.get("id").asString();
        String cursor = api.get(PATH + "/" + id, tenant.apiKey()).body().get("recovery").get("cursor").asString();
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"woocommerce_rest_cannot_view\"}")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data")));

        WooRecovery.Result result = recover(id);

        assertThat(result.error()).contains("401", "REST API keys", "301", "redirect");
        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("recovery").get("lastError").asString()).contains("401");
        assertThat(connection.get("recovery").get("cursor").asString()).isEqualTo(cursor);
        assertThat(connection.get("recovery").get("lastRunAt")).isNotNull();
    }

    /** A host that drops the Authorization header: WordPress sees an anonymous request. */
    @Test
    void keysInTheQueryWhenTheHostStripsTheAuthorizationHeaderAndFromThenOn() {
        JsonNode created = connect(Map.of());
        String id = created.get("id").asString();
        String url = created.get("deliveryUrl").asString();
        assertThat(created.get("restAuth").asString()).isEqualTo("authorization_header");
        String anonymous = "{\"code\":\"woocommerce_rest_cannot_view\",\"message\":\"Sorry, you cannot list resources.\","
                + "\"data\":{\"status\":401}}";
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(anonymous)));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(anonymous)));
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).atPriority(1).withQueryParam("consumer_key", equalTo("ck_test"))
                .withQueryParam("consumer_secret", equalTo("cs_test")).willReturn(okJson("[]")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).atPriority(1).withQueryParam("consumer_key", equalTo("ck_test"))
                .withQueryParam("consumer_secret", equalTo("cs_test")).willReturn(okJson("[" + hook(601, "order.created",
                        "active", url) + "," + hook(602, "order.updated", "active", url) + "]")));

        WooRecovery.Result first = recover(id);

        assertThat(first.error()).isNull();
        JsonNode connection = api.get(PATH + "/" + id, tenant.apiKey()).body();
        assertThat(connection.get("restAuth").asString()).isEqualTo("query_parameters");
        assertThat(connection.get("webhooks").get(1).get("status").asString()).isEqualTo("active");
        assertThat(connection.get("webhookAlert").asBoolean()).isFalse();
        int withHeader = shop.findAll(getRequestedFor(urlPathEqualTo(api("/orders"))).withHeader("Authorization",
                equalTo(AUTH))).size();

        // What works is kept: the next run asks with the keys in the query at once, and only so.
        assertThat(recover(id).error()).isNull();
        shop.verify(withHeader, getRequestedFor(urlPathEqualTo(api("/orders"))).withHeader("Authorization", equalTo(AUTH)));
        shop.verify(2, getRequestedFor(urlPathEqualTo(api("/orders"))).withQueryParam("consumer_key", equalTo("ck_test")));
        assertThat(shop.findAll(getRequestedFor(urlPathEqualTo(api("/orders"))).withQueryParam("consumer_key",
                equalTo("ck_test")))).allMatch(r -> !r.containsHeader("Authorization"));
    }

    @Test
    void wrongKeysAreNotRetriedInTheQuery() {
        JsonNode created = connect(Map.of());
        String id = created.get("id").asString();
        shop.stubFor(get(urlPathEqualTo(api("/orders"))).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"code\":\"woocommerce_rest_authentication_error\","
                        + "\"message\":\"Consumer secret is invalid.\",\"data\":{\"status\":401}}")));
        shop.stubFor(get(urlPathEqualTo(api("/webhooks"))).willReturn(okJson("[]")));

        assertThat(recover(id).error()).contains("401", "Consumer secret is invalid");

        shop.verify(1, getRequestedFor(urlPathEqualTo(api("/orders"))));
        shop.verify(0, getRequestedFor(urlPathEqualTo(api("/orders"))).withQueryParam("consumer_key", com.github.tomakehurst
                .wiremock.client.WireMock.matching(".*")));
        assertThat(api.get(PATH + "/" + id, tenant.apiKey()).body().get("restAuth").asString())
                .isEqualTo("authorization_header");
    }

    private List<String> disabledEvents() {
        return jdbc.sql("SELECT payload FROM domain_event WHERE tenant_id = ? AND type = 'woocommerce.webhook_disabled'")
                .param(tenant.tenantId()).query(String.class).list();
    }
}
