import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * The local receiver of bench/deliveries, run as a single-file program ({@code java WebhookReceiver.java ...}):
 * answers every POST with 200, checks its Standard Webhooks signature, and records when it arrived.
 *
 * <pre>
 * PORT OUT SECRETS STOPFILE
 * </pre>
 * Listens on 127.0.0.1:PORT only. SECRETS has one line per subscription: its URL path, a tab, its
 * whsec_ secret. OUT gets (appended) one tab-separated line per request: arrival (ISO instant), the
 * path, webhook-id, the body's occurredAt, and t or f for the signature; flushed every 100 ms.
 * Stops as soon as STOPFILE exists (run it again on the same OUT to come back after an outage).
 */
public class WebhookReceiver {

    private static final Pattern OCCURRED = Pattern.compile("\"occurredAt\"\\s*:\\s*\"([^\"]*)\"");
    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PORT OUT SECRETS STOPFILE");
        }
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Map<String, byte[]> keys = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] parts = line.split("\t");
            if (parts.length == 2) {
                keys.put(parts[0], Base64.getDecoder().decode(parts[1].substring("whsec_".length())));
            }
        }
        Path stopFile = Path.of(args[3]);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();
        AtomicLong badSignatures = new AtomicLong();

        // Nagle off: with the caller's delayed ACKs each answer would otherwise wait ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            try (exchange) {
                Instant arrival = Instant.now();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String path = exchange.getRequestURI().getPath();
                String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
                String timestamp = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp"));
                String signature = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature"));
                boolean valid = keys.containsKey(path) && valid(keys.get(path), id, timestamp, body, signature);
                if (!valid) {
                    badSignatures.incrementAndGet();
                }
                Matcher m = OCCURRED.matcher(new String(body, StandardCharsets.UTF_8));
                String occurredAt = m.find() ? m.group(1) : "";
                lines.add(arrival + "\t" + path + "\t" + id + "\t" + occurredAt + "\t" + (valid ? "t" : "f"));
                received.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, OK.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(OK);
                }
            } catch (IOException e) {
                // the caller went away; nothing to record
            }
        });
        server.start();
        System.out.println("receiving on 127.0.0.1:" + port + " for " + keys.size() + " subscriptions");

        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            while (!Files.exists(stopFile)) {
                Thread.sleep(100);
                drain(lines, w);
            }
            server.stop(0);
            drain(lines, w);
        }
        System.out.println("received " + received.get() + " requests, " + badSignatures.get() + " badly signed; stopped");
        System.exit(0);
    }

    /** Standard Webhooks: v1, base64 HMAC-SHA256 of "id.timestamp.body" keyed with the secret's bytes. */
    private static boolean valid(byte[] key, String id, String timestamp, byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] want = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
            for (String s : header.split(" ")) {
                if (MessageDigest.isEqual(want, s.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static void drain(ConcurrentLinkedQueue<String> lines, BufferedWriter w) throws IOException {
        List<String> batch = new ArrayList<>();
        for (String l; (l = lines.poll()) != null; ) {
            batch.add(l);
        }
        for (String l : batch) {
            w.write(l);
            w.newLine();
        }
        w.flush();
    }
}
