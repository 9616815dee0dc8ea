package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One error contract at the edge: whatever refuses a request (Tomcat before any servlet, Spring
 * Security's firewall, a body limit), the answer is {@code application/problem+json} saying what
 * was wrong, never an HTML page.
 */
@PasserelleTest
class ErrorContractTest {

    @Autowired
    Api api;
    @Autowired
    Environment environment;
    @Autowired
    JsonMapper json;

    int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    @Test
    void aChunkedApiBodyOverTheLimitIs413LikeADeclaredOne() throws Exception {
        Api.TenantKey tenant = api.createTenant("Chunked");
        byte[] start = "{\"name\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] filler = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(filler, (byte) 'a');
        byte[] end = "\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url("/api/v1/clients")))
                .header("Authorization", "Bearer " + tenant.apiKey()).header("Content-Type", "application/json")
                // An input stream of unknown length: sent chunked, no Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(java.util.Collections
                        .enumeration(List.of(new ByteArrayInputStream(start), new ByteArrayInputStream(filler),
                                new ByteArrayInputStream(end))))))
                .timeout(Duration.ofSeconds(30)).build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).get("detail").asString()).contains("larger than the limit");
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void tomcatsOwnRefusalsAreProblemJson() {
        String longHeader = "GET /api/v1/clients HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(10_000)
                + "\r\nConnection: close\r\n\r\n";
        refused(RawHttp.send(port(), longHeader), "headers are larger");
        refused(RawHttp.send(port(), "GET /api/v1/clients HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\nConnection: close\r\n\r\n"),
                "request header");
        refused(RawHttp.send(port(), "GET /api/v1/clients HTTP/1.1\r\nHost: x\r\nX-Cr: a\rb\r\nConnection: close\r\n\r\n"),
                "request header");
        refused(RawHttp.send(port(), "GET /api/v1/clients HTTP/1.1\r\nHost: x\r\nX-Lf: a\nb\r\nConnection: close\r\n\r\n"),
                "request header");
        refused(RawHttp.send(port(), "GET /api/v1/clients/{id} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                "percent-encoded");
        refused(RawHttp.send(port(), "GET /api/v1/clients?q=a|b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                "percent-encoded");
        refused(RawHttp.send(port(), "GET /hooks/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                "path: must not contain the NUL character (U+0000)");
        refused(RawHttp.send(port(), "G{T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), "not valid HTTP");
    }

    @Test
    void aUrlTheFirewallRefusesIsProblemJsonSayingWhy() {
        Api.TenantKey tenant = api.createTenant("Firewall");

        Api.Response r = api.get("/api/v1//clients", tenant.apiKey());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asString()).startsWith("the request was refused: ").contains("//");
    }

    /** The firewall's header rule ({@link HeaderRules}), on a header the code reads: the API key's. */
    @Test
    void aControlCharacterInARequestHeaderIsRefusedByTheFirewallAndATabInAValueIsNot() {
        // U+0085, a C1 control character: Tomcat takes the byte (obs-text), the firewall refuses it.
        refused(RawHttp.send(port(), "GET /api/v1/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0085b\r\n"
                + "Connection: close\r\n\r\n"), "the request was refused");
        assertThat(RawHttp.send(port(), "GET /api/v1/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\tb\r\n"
                + "Connection: close\r\n\r\n").status()).isEqualTo(401);
    }

    private void refused(RawHttp.Answer answer, String detail) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.get("detail").asString()).contains(detail);
        assertThat(answer.body()).doesNotContain("<html");
    }
}
