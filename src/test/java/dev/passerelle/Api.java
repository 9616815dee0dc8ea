package dev.passerelle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.env.Environment;
import org.springframework.boot.test.context.TestComponent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the running server, the way a shop, a zap or an operator calls it. */
@TestComponent
public class Api {

    public static final String OPERATOR = "test-operator-token";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final Environment environment;

    public Api(JsonMapper json, Environment environment) {
        this.json = json;
        this.environment = environment;
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, byte[] raw, JsonNode body) {

        public String contentType() {
            return headers.getOrDefault("content-type", java.util.List.of("")).get(0);
        }

        public String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    public record TenantKey(UUID tenantId, String apiKey) {
    }

    public String url(String path) {
        return path.startsWith("http") ? path : "http://localhost:" + environment.getProperty("local.server.port") + path;
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public Response put(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    public Response patch(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
    }

    public Response post(String path, String token, Object body) {
        return postRaw(path, token, body == null ? new byte[0] : json.writeValueAsBytes(body), "application/json", Map.of());
    }

    public Response postRaw(String path, String token, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        return send(builder);
    }

    public TenantKey createTenant(String name) {
        Response r = post("/api/v1/tenants", OPERATOR, Map.of("name", name));
        if (r.status() != 201) {
            throw new AssertionError("tenant creation failed: " + r.status() + " " + r.text());
        }
        return new TenantKey(UUID.fromString(r.body().get("id").asString()), r.body().get("apiKey").asString());
    }

    public JsonNode json(String text) {
        return json.readTree(text);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] raw = response.body();
            JsonNode body = null;
            String type = response.headers().firstValue("content-type").orElse("");
            if (raw.length > 0 && type.contains("json")) {
                body = json.readTree(raw);
            }
            return new Response(response.statusCode(), response.headers().map(), raw, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
