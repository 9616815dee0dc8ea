import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load driver for signed hook deliveries, run as a single-file program ({@code java HookLoad.java ...}).
 *
 * <pre>
 * rate  URL SECRET RATE SECONDS ACKS   open loop at RATE requests/s; latency measured from each request's
 *                                     scheduled time, so a stall is not hidden (no coordinated omission)
 * crash URL SECRET CONCURRENCY STOPFILE ACKS
 *                                     post until STOPFILE exists, riding out a server that is killed and
 *                                     restarted; connection errors are retried with a new body
 * </pre>
 * Every body carries a unique {@code ref}; ACKS gets one line "ref eventId" per 200 answer, so a
 * checker can prove each acknowledged event was stored.
 */
public class HookLoad {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "rate" -> rate(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            case "crash" -> crash(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]), Path.of(args[5]));
            default -> throw new IllegalArgumentException("mode is rate or crash");
        }
    }

    static void rate(String url, String secret, int rate, int seconds, Path acks) throws Exception {
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long[] latencies = new long[(int) total];
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        List<java.util.concurrent.CompletableFuture<?>> inflight = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            String ref = "r" + i + "-" + UUID.randomUUID();
            inflight.add(HTTP.sendAsync(request(url, secret, ref), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        latencies[slot] = System.nanoTime() - scheduled;
                        if (error == null && response.statusCode() == 200) {
                            ok.incrementAndGet();
                            acked.add(ref + " " + eventId(response.body()));
                        } else {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        for (var f : inflight) {
            f.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("offered %d/s for %ds: %d requests, %d accepted (200), %d other, %.0f accepted/s%n",
                rate, seconds, total, ok.get(), failed.get(), ok.get() / elapsed);
        System.out.printf("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), pct(latencies, 99.9),
                latencies[latencies.length - 1] / 1e6);
        Files.write(acks, acked);
        System.exit(0);
    }

    static void crash(String url, String secret, int concurrency, Path stopFile, Path acks) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(acks, StandardCharsets.UTF_8), true)) {
            var pool = Executors.newFixedThreadPool(concurrency);
            for (int t = 0; t < concurrency; t++) {
                int worker = t;
                pool.submit(() -> {
                    long n = 0;
                    while (!Files.exists(stopFile)) {
                        String ref = "w" + worker + "-" + (n++);
                        try {
                            HttpResponse<String> response = HTTP.send(request(url, secret, ref),
                                    HttpResponse.BodyHandlers.ofString());
                            sent.incrementAndGet();
                            if (response.statusCode() == 200) {
                                synchronized (out) {
                                    out.println(ref + " " + eventId(response.body()));
                                }
                            }
                        } catch (IOException e) {
                            // The server is down (killed on purpose): this body got no 200, so it
                            // was never promised; wait and go on with the next one.
                            errors.incrementAndGet();
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.HOURS);
        }
        System.out.printf("answered %d, connection errors %d%n", sent.get(), errors.get());
        System.exit(0);
    }

    private static HttpRequest request(String url, String secret, String ref) {
        byte[] body = ("{\"ref\":\"" + ref + "\",\"event\":\"order.paid\",\"amount\":\"129.90\","
                + "\"customer\":{\"name\":\"Zoë Müller\",\"email\":\"zoe@example.com\"}}").getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Passerelle-Signature", "sha256=" + hmac(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String eventId(String json) {
        int at = json.indexOf("\"eventId\":\"");
        return at < 0 ? "?" : json.substring(at + 11, json.indexOf('"', at + 11));
    }

    private static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
