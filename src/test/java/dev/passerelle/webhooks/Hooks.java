package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.passerelle.Api;
import tools.jackson.databind.JsonNode;

/** A tenant with subscriptions, made and read through the public API. */
final class Hooks {

    final Api api;
    final Api.TenantKey tenant;

    record Sub(String id, String secret, String url) {
    }

    Hooks(Api api, String name) {
        this.api = api;
        this.tenant = api.createTenant(name);
    }

    String key() {
        return tenant.apiKey();
    }

    Sub subscribe(String event, String url) {
        Api.Response r = api.post("/api/v1/subscriptions", key(), Map.of("targetUrl", url, "event", event));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return new Sub(r.body().get("id").asString(), r.body().get("secret").asString(), url);
    }

    String client(String name) {
        Api.Response r = api.post("/api/v1/clients", key(), Map.of("name", name,
                "emails", List.of(name.toLowerCase().replaceAll("[^a-z0-9]", "") + "."
                        + java.util.UUID.randomUUID().toString().substring(0, 8) + "@clients.example")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.body().get("id").asString();
    }

    JsonNode subscription(Sub s) {
        return api.get("/api/v1/subscriptions/" + s.id(), key()).body();
    }

    /** The subscription's deliveries, newest first. */
    List<JsonNode> deliveries(Sub s) {
        Api.Response r = api.get("/api/v1/subscriptions/" + s.id() + "/deliveries", key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        r.body().get("items").forEach(list::add);
        return list;
    }

    /** Waits until the subscription's only delivery matches, and returns it. */
    JsonNode awaitOnlyDelivery(Sub s, Predicate<JsonNode> until) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<JsonNode> all = deliveries(s);
            if (all.size() != 1 || !until.test(all.get(0))) {
                return false;
            }
            found[0] = all.get(0);
            return true;
        });
        return found[0];
    }

    static Predicate<JsonNode> attempts(int n) {
        return d -> d.get("attempts").size() == n && !"RUNNING".equals(d.get("status").asString());
    }

    static List<LoggedRequest> awaitReceived(String url, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Receiver.received(url).size() >= count);
        return Receiver.received(url);
    }

    /** Every field path of a JSON value: {@code data.client.emails[]}; array elements merged. */
    static TreeSet<String> fieldPaths(JsonNode node) {
        TreeSet<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, TreeSet<String> paths) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                collect(field.getValue(), path, paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, prefix + "[]", paths);
            }
        }
    }
}
