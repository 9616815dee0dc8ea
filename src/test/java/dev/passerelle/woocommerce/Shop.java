package dev.passerelle.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.passerelle.Api;
import dev.passerelle.support.HmacSha256;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays a WooCommerce shop: sends deliveries exactly as {@code WC_Webhook::deliver} does (same
 * headers, base64 HMAC-SHA256 of the raw body), the ping, and — through one WireMock server for
 * the whole test JVM — the shop's REST API.
 */
public final class Shop {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static WireMockServer server;

    private Shop() {
    }

    static synchronized WireMockServer rest() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    static String fixture(String name) {
        try (InputStream in = Shop.class.getResourceAsStream("/woocommerce/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode order(String fixture) {
        return (ObjectNode) JSON.readTree(fixture(fixture));
    }

    static String signature(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(HmacSha256.sign(secret, body));
    }

    static Map<String, String> headers(String topic, long webhookId, String signature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)");
        h.put("X-WC-Webhook-Source", "https://shop.example/");
        h.put("X-WC-Webhook-Topic", topic);
        h.put("X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')));
        h.put("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1));
        if (signature != null) {
            h.put("X-WC-Webhook-Signature", signature);
        }
        h.put("X-WC-Webhook-ID", Long.toString(webhookId));
        h.put("X-WC-Webhook-Delivery-ID", Long.toHexString(Double.doubleToLongBits(Math.random())));
        return h;
    }

    static Api.Response deliver(Api api, String url, String secret, String topic, byte[] body) {
        return api.postRaw(url, null, body, "application/json", headers(topic, 14, signature(secret, body)));
    }

    public static Api.Response deliver(Api api, String url, String secret, String topic, ObjectNode order) {
        return deliver(api, url, secret, topic, JSON.writeValueAsBytes(order));
    }

    /** WooCommerce's own ping ({@code WC_Webhook::deliver_ping}): a form body, no X-WC headers, no signature. */
    static Api.Response ping(Api api, String url, long webhookId) {
        return api.postRaw(url, null, ("webhook_id=" + webhookId).getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded", Map.of("User-Agent", "WordPress/6.7.1; https://shop.example"));
    }

    /** The same ping signed with {@code secret}, as a signing proxy or plugin would send it. */
    static Api.Response signedPing(Api api, String url, long webhookId, String secret) {
        byte[] body = ("webhook_id=" + webhookId).getBytes(StandardCharsets.US_ASCII);
        return api.postRaw(url, null, body, "application/x-www-form-urlencoded",
                Map.of("User-Agent", "WordPress/6.7.1; https://shop.example", "X-WC-Webhook-Signature",
                        signature(secret, body)));
    }
}
