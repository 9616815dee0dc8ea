package dev.passerelle.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class OperationsTest {

    @Autowired
    Api api;

    @Test
    void healthCoversTheDatabaseAndCamelAndShowsItsDetailsOnlyToTheOperator() {
        Api.Response health = api.get("/actuator/health", Api.OPERATOR);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        assertThat(health.body().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.body().get("components").get("db").get("details").get("database").asString()).isNotEmpty();
        assertThat(health.body().get("components").get("camelHealth").get("status").asString()).isEqualTo("UP");

        // Anyone else (a load balancer, a stranger, a tenant) learns up or down: no disk path, no
        // database product or version.
        for (String who : new String[] {null, api.createTenant("curious").apiKey()}) {
            Api.Response outside = api.get("/actuator/health", who);
            assertThat(outside.status()).isEqualTo(200);
            assertThat(outside.body().get("status").asString()).isEqualTo("UP");
            assertThat(outside.text()).doesNotContain("details").doesNotContain("diskSpace").doesNotContain("path")
                    .doesNotContain("database");
        }
    }

    @Test
    void prometheusShowsHttpCamelAndInboxFiguresToTheOperator() {
        Api.TenantKey tenant = api.createTenant("metrics");
        String url = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "m")).body().get("url").asString();
        api.postRaw(url, null, "{}".getBytes(), "application/json", Map.of());
        api.postRaw(url, null, "nope".getBytes(), "application/json", Map.of());

        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", tenant.apiKey()).status()).isEqualTo(403);
        String metrics = api.get("/actuator/prometheus", Api.OPERATOR).text();

        assertThat(metrics)
                .contains("http_server_requests_seconds_count")
                .doesNotContain("http_server_requests_active") // not kept: application.yaml says why
                .contains("camel_route_exchanges_total{application=\"passerelle\",outcome=\"completed\",route=\"inbox-worker\"}")
                .contains("passerelle_inbox_depth{application=\"passerelle\",status=\"pending\"}")
                .contains("passerelle_inbox_oldest_age_seconds{application=\"passerelle\",status=\"dead\"}")
                .contains("passerelle_inbox_accepted_total")
                .contains("passerelle_hooks_rejected_total{application=\"passerelle\",reason=\"not_json\"}");
    }

    @Test
    void openApiDescribesThePublicApi() {
        Api.Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").propertyNames())
                .contains("/api/v1/tenants", "/api/v1/hooks", "/api/v1/events", "/api/v1/events/{id}/replay",
                        "/hooks/{token}", "/api/v1/admin/secrets/rotate");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void theRootPageIsTheConsoleWhoseSignInLinksToTheApiDescriptionAndHealth() {
        Api.Response home = api.get("/", null);
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.headers().get("location").get(0)).endsWith("/sign-in");

        Api.Response signIn = api.get("/sign-in", null);
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.contentType()).startsWith("text/html");
        assertThat(signIn.text()).contains("href=\"/swagger-ui.html\"", "href=\"/actuator/health\"");
    }

    @Test
    void openApiDeclaresTheBearerSchemeOnTheApiSoTryItOutCanAuthenticate() {
        JsonNode docs = api.get("/v3/api-docs", null).body();

        JsonNode scheme = docs.get("components").get("securitySchemes").get("bearer");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.get("description").asString()).contains("tenant API key", "operator token");
        assertThat(docs.get("paths").get("/api/v1/documents").get("get").get("security").toString())
                .isEqualTo("[{\"bearer\":[]}]");
        assertThat(docs.get("paths").get("/hooks/{token}").get("post").has("security")).isFalse();
    }

    /**
     * Only the headers are sent: the answer comes without the body ever being read. (Sending the
     * 3 MiB too makes the test depend on timing: the server answers and closes while the client is
     * still writing, and a loaded machine's client may see the reset before the answer.)
     */
    @Test
    void oversizeApiBodiesAreRefusedBeforeTheyAreRead() throws IOException {
        Api.TenantKey tenant = api.createTenant("big bodies");
        URI base = URI.create(api.url("/"));

        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/clients HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + tenant.apiKey() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + 3 * 1024 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));

            assertThat(answer.readLine()).startsWith("HTTP/1.1 413");
            String headers = answer.lines().takeWhile(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
            assertThat(headers.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
        }
    }

    @Test
    void unknownPathsAnswerProblemJson() {
        Api.Response missing = api.get("/no/such/page", null);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.text()).doesNotContain("Exception");
    }
}
