import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * The local receiver of bench/routes, run as a single-file program ({@code java RouteReceiver.java ...}):
 * answers every POST with 200 and records, per request, when it arrived and what the route put in it.
 *
 * <pre>
 * PORT OUT MAX_SECONDS STOPFILE
 * </pre>
 * Listens on 127.0.0.1:PORT only. OUT gets one tab-separated line per request: arrival (ISO instant,
 * microseconds), the body's occurredAt, clientId and name, and the Idempotency-Key header; lines are
 * flushed every 100 ms. Stops by itself after MAX_SECONDS, or as soon as STOPFILE exists.
 */
public class RouteReceiver {

    private static final Pattern FIELD = Pattern.compile("\"(occurredAt|clientId|name)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: PORT OUT MAX_SECONDS STOPFILE");
        }
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        long maxSeconds = Long.parseLong(args[2]);
        Path stopFile = Path.of(args[3]);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();

        // The JDK server leaves Nagle's algorithm on by default: with the caller's delayed ACKs each
        // answer would wait ~40 ms, which is the receiver's delay, not Passerelle's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            try (exchange) {
                Instant arrival = Instant.now();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                String occurredAt = "", clientId = "", name = "";
                Matcher m = FIELD.matcher(new String(body, StandardCharsets.UTF_8));
                while (m.find()) {
                    switch (m.group(1)) {
                        case "occurredAt" -> occurredAt = m.group(2);
                        case "clientId" -> clientId = m.group(2);
                        default -> name = m.group(2);
                    }
                }
                String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                lines.add(arrival + "\t" + occurredAt + "\t" + clientId + "\t" + name + "\t" + (key == null ? "" : key));
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
        System.out.println("receiving on 127.0.0.1:" + port);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            while (System.nanoTime() < deadline && !Files.exists(stopFile)) {
                Thread.sleep(100);
                drain(lines, w);
            }
            server.stop(0);
            drain(lines, w);
        }
        System.out.println("received " + received.get() + " requests; stopped");
        System.exit(0);
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
