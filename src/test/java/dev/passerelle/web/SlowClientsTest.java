package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/**
 * Slow clients on loopback: 300 connections that stop mid-request, in four ways, for longer than
 * the timeouts. The server keeps answering a normal request in its normal time meanwhile, and
 * closes every slow connection (a body that does not arrive gets 408 problem+json).
 *
 * <p>The test profile shortens the timeouts so this takes seconds: a request's headers must keep
 * coming every 3 s ({@code server.tomcat.connection-timeout}, 10 s in production) and a body must
 * arrive whole within 5 s ({@code passerelle.http.body-timeout}, 30 s in production). What it
 * proves does not depend on the values: slow connections hold at most a quarter of the worker
 * threads (50 of 200; 225 of the slow connections declare a body, more than all 200 threads), and
 * each is closed once its timeout passes.
 */
@PasserelleTest
class SlowClientsTest {

    static final int EACH = 75;
    static final Duration HOLD = Duration.ofSeconds(12);

    @Autowired
    Api api;
    @Value("${local.server.port}")
    int port;
    @Autowired
    FilterRegistrationBean<BodyReadAhead> bodyReadAhead;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void threeHundredSlowConnectionsHoldNoThreadAndAreClosedWhileOthersAreAnswered() throws Exception {
        Api.TenantKey tenant = api.createTenant("Slow clients");
        String hook = URI.create(api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "slow")).body()
                .get("url").asString()).getPath();
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            before.add(normalRequest(tenant));
        }

        List<Socket> headersStopped = open("POST " + hook + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n");
        List<Socket> bodyNeverSent = open("POST " + hook + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n");
        List<Socket> bodyTrickled = open("POST " + hook + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n");
        List<Socket> anonymousWithBody = open("POST /api/v1/clients HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n");

        List<Long> during = new ArrayList<>();
        long end = System.nanoTime() + HOLD.toNanos();
        long nextByte = 0;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextByte) {
                for (Socket s : bodyTrickled) {
                    trickle(s);
                }
                nextByte = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
            during.add(normalRequest(tenant));
            Thread.sleep(200);
        }

        long usual = median(before);
        assertThat(during).as("ms per normal request while 300 connections are slow; usual median %d ms", usual)
                .hasSizeGreaterThan(20).allSatisfy(ms -> assertThat(ms).isLessThan(Math.max(1_000, 20 * usual)));
        assertThat(median(during)).isLessThan(Math.max(250, 5 * usual));

        // Every slow connection was closed; those that sent a whole header got a 408 problem first.
        assertThat(closedWith(headersStopped)).hasSize(EACH).allSatisfy(answer -> assertThat(answer)
                .satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408")));
        for (List<Socket> withBody : List.of(bodyNeverSent, bodyTrickled, anonymousWithBody)) {
            assertThat(closedWith(withBody)).hasSize(EACH).allSatisfy(answer -> assertThat(answer)
                    .startsWith("HTTP/1.1 408").contains("application/problem+json"));
        }
        assertThat(api.get("/api/v1/events?source=hook", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void theBodiesHeldAtOnceAreCappedAndLetGoWhenTheirRequestsEnd() throws Exception {
        Api.TenantKey tenant = api.createTenant("Body budget");
        String hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "budget")).body().get("url").asString();
        BodyReadAhead bodies = bodyReadAhead.getFilter();
        long before = bodies.held();
        long budget = bodies.budget();
        bodies.budget(before + 4_000);
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.getOutputStream().write(("POST " + URI.create(hook).getPath() + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            awaitHeld(bodies, before + 3_000);

            Api.Response refused = api.postRaw(hook, null, ("{\"a\":\"" + "x".repeat(2_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().get("retry-after")).containsExactly("1");

            Api.Response fits = api.postRaw(hook, null, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                    "application/json", Map.of());
            assertThat(fits.status()).isEqualTo(200);
        } finally {
            bodies.budget(budget);
        }
        // The client went away: its reservation goes with it.
        awaitHeld(bodies, before);
    }

    private static void awaitHeld(BodyReadAhead bodies, long bytes) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bodies.held() != bytes && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(bodies.held()).isEqualTo(bytes);
    }

    /** ms for GET /api/v1/me; a request that waits more than 5 s fails the test. */
    private long normalRequest(Api.TenantKey tenant) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/me")))
                .header("Authorization", "Bearer " + tenant.apiKey()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private List<Socket> open(String start) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            sockets.add(s);
        }
        return sockets;
    }

    private static void trickle(Socket s) {
        try {
            s.getOutputStream().write('{');
            s.getOutputStream().flush();
        } catch (IOException e) {
            // closed by the server: what the test wants to see
        }
    }

    /** What each socket received before the server closed it; fails for one still open. */
    private static List<String> closedWith(List<Socket> sockets) throws IOException {
        List<String> answers = new ArrayList<>();
        for (Socket s : sockets) {
            try (s) {
                s.setSoTimeout(2_000);
                InputStream in = s.getInputStream();
                byte[] all;
                try {
                    all = in.readAllBytes();
                } catch (java.net.SocketTimeoutException e) {
                    throw new AssertionError("a slow connection is still open after " + HOLD.toSeconds() + " s");
                } catch (java.net.SocketException e) {
                    all = new byte[0]; // reset by the server
                }
                answers.add(new String(all, StandardCharsets.UTF_8));
            }
        }
        return answers;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
