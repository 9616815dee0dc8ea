package dev.passerelle.woocommerce;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.passerelle.inbox.Inbox;
import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.support.HmacSha256;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Before the instance reports ready, sends its own WooCommerce receiver, over loopback, one recent
 * real order delivery again and again for {@code passerelle.warm-up.duration}, while
 * {@link HandlerRehearsal} runs the order handler on copies of it. A fresh JVM needs a minute or more
 * of full load before the path every order takes (HTTP, the signature, the inbox's insert, the
 * document) is compiled; this spends that time before the first shop's delivery instead of during it.
 *
 * <p>The delivery is one the inbox processed and still holds, with its idempotency key, so each one
 * sent again is answered as a duplicate and nothing is stored or worked. The warm-up stops at the
 * first answer that is not such a duplicate. Readiness is published only after the listeners of
 * {@link ApplicationReadyEvent} return, so a load balancer that waits for it sends nothing meanwhile.
 */
@Component
class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    /** What was sent, to where, and why it stopped early ({@code null}: it ran its time). */
    record Outcome(long duplicates, String stoppedBecause) {
    }

    /** A stored delivery, ready to be sent again: the receiver's path, its headers and signature, the body. */
    record Delivery(String path, Map<String, String> headers, byte[] body) {
    }

    private final Inbox inbox;
    private final WooConnections connections;
    private final HandlerRehearsal rehearsal;
    private final JsonMapper json;
    private final Environment environment;
    private final Duration duration;
    private final int concurrency;

    WarmUp(Inbox inbox, WooConnections connections, HandlerRehearsal rehearsal, JsonMapper json, Environment environment,
                   @Value("${passerelle.warm-up.duration:0s}") Duration duration,
                   @Value("${passerelle.warm-up.concurrency:8}") int concurrency) {
        this.inbox = inbox;
        this.connections = connections;
        this.rehearsal = rehearsal;
        this.json = json;
        this.environment = environment;
        this.duration = duration;
        this.concurrency = concurrency;
    }

    /** Never fails the start: a warm-up that cannot run leaves a cold but working instance. */
    @EventListener(ApplicationReadyEvent.class)
    void beforeReadiness() {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            warmUp();
        } catch (RuntimeException e) {
            log.warn("Warm-up skipped: {}", e.toString(), e);
        }
    }

    private void warmUp() {
        if (environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
            log.info("Warm-up skipped: the server speaks TLS, and the warm-up sends plain HTTP over loopback");
            return;
        }
        Optional<InboxEvent> stored = inbox.recentKeyedEvent(WooReceiver.SOURCE);
        Optional<Delivery> delivery = stored.flatMap(this::delivery);
        if (delivery.isEmpty()) {
            log.info("Warm-up skipped: no recent order delivery of an active shop to send again "
                    + "(an instance warms up on its shops' orders once it has had some)");
            return;
        }
        URI base = localBase();
        long started = System.nanoTime();
        // The workers' path beside the receivers', as under real load.
        CompletableFuture<String> handled = CompletableFuture.supplyAsync(
                () -> rehearsal.rehearse(stored.get(), duration) + " copies of it handled by the order handler and rolled back",
                r -> {
                    Thread t = new Thread(r, "warm-up-handler");
                    t.setDaemon(true);
                    t.start();
                }).exceptionally(e -> "the order handler's rehearsal failed: " + e.getCause());
        Outcome outcome = send(delivery.get(), base, duration);
        String rehearsed = handled.join();
        String took = String.format("%.1f s", (System.nanoTime() - started) / 1e9);
        if (outcome.stoppedBecause() == null) {
            log.info("Warm-up done in {}: a stored order delivery sent again {} times, each answered as a duplicate; {}",
                    took, outcome.duplicates(), rehearsed);
        } else {
            log.warn("Warm-up stopped after {} duplicates in {}: {}; {}", outcome.duplicates(), took,
                    outcome.stoppedBecause(), rehearsed);
        }
    }

    /**
     * The event as its shop would send it again, signed with the connection's current secret; empty
     * when the connection is no longer active or the receiver would key the body differently (then
     * the delivery would be stored as a new event, which the warm-up must never do).
     */
    Optional<Delivery> delivery(InboxEvent event) {
        JsonNode order;
        try {
            order = json.readTree(event.body());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!event.idempotencyKey().equals(WooReceiver.idempotencyKey(order))) {
            return Optional.empty();
        }
        return connections.rowForEvent(event.tenantId(), event.connectionId())
                .filter(row -> row.status() == WooConnection.Status.ACTIVE)
                .map(row -> {
                    Map<String, String> headers = new LinkedHashMap<>(event.headers());
                    headers.put(WooReceiver.SIGNATURE.toLowerCase(java.util.Locale.ROOT), Base64.getEncoder()
                            .encodeToString(HmacSha256.sign(connections.reveal(row.tenantId(), row.secretId()),
                                    event.body())));
                    headers.putIfAbsent("content-type", event.contentType() == null ? "application/json" : event.contentType());
                    return new Delivery("/woocommerce/" + connections.token(row), headers, event.body());
                });
    }

    /** {@code concurrency} senders, each sending the delivery until the time is up or an answer is wrong. */
    Outcome send(Delivery delivery, URI base, Duration howLong) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(base.getPath() + delivery.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        HttpRequest built = request.build();
        long deadline = System.nanoTime() + howLong.toNanos();
        AtomicLong duplicates = new AtomicLong();
        AtomicReference<String> stop = new AtomicReference<>();
        AtomicInteger n = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "warm-up-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            senders.execute(() -> {
                while (stop.get() == null && System.nanoTime() < deadline) {
                    String wrong = wrongAnswer(client, built);
                    if (wrong == null) {
                        duplicates.incrementAndGet();
                    } else {
                        stop.compareAndSet(null, wrong);
                    }
                }
            });
        }
        senders.shutdown();
        try {
            if (!senders.awaitTermination(howLong.toSeconds() + 60, TimeUnit.SECONDS)) {
                stop.compareAndSet(null, "the senders did not finish in time");
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
            stop.compareAndSet(null, "interrupted");
        }
        return new Outcome(duplicates.get(), stop.get());
    }

    /** Null when the receiver answered 200 with a duplicate; otherwise what it answered. */
    private String wrongAnswer(HttpClient client, HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return "the receiver could not be reached: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (response.statusCode() == 200) {
            JsonNode receipt = json.readTree(response.body());
            if (receipt.path("duplicate").asBoolean(false)) {
                return null;
            }
            return "the delivery was stored as a new event " + receipt.path("eventId").asString("")
                    + " (it will be worked as the shop's own)";
        }
        return "the receiver answered " + response.statusCode() + ": " + body;
    }

    private URI localBase() {
        String address = environment.getProperty("server.address", "127.0.0.1");
        if (address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
            address = "127.0.0.1";
        } else if (address.contains(":")) {
            address = "[" + address + "]";
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return URI.create("http://" + address + ":" + port + environment.getProperty("server.servlet.context-path", ""));
    }
}
