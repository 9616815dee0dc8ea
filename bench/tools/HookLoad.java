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
import java.util.HexFormat;
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
        if (args.length != 6) {
            throw new IllegalArgumentException("usage: crash URL SECRET CONCURRENCY STOPFILE ACKS");
        }
        switch (args[0]) {
            case "crash" -> crash(args[1], args[2], Integer.parseInt(args[3]), Path.of(args[4]), Path.of(args[5]));
            default -> throw new IllegalArgumentException("usage: crash URL SECRET CONCURRENCY STOPFILE ACKS");
        }
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

}
