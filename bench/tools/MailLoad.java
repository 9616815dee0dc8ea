import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for bench/mail (run with the JDK's source launcher: java MailLoad.java ...).
 *   notify   BASE KEY COUNT CONCURRENCY [RATE PREFIX]  queue COUNT notification emails (POST /api/v1/emails),
 *                                               at most RATE a second when given (0: as fast as they go),
 *                                               with idempotency keys PREFIX-i (default bench)
 *   invoices BASE KEY CLIENT COUNT CONCURRENCY OUT  create and issue COUNT invoices, ids to OUT
 *   bulk     BASE KEY IDS_FILE                   bulk-send the invoices, 500 per request; prints job ids
 * Prints how many requests succeeded and the request rate.
 */
public class MailLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern ID = Pattern.compile("\"(?:id|jobId)\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "notify" -> notify(a[1], a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]),
                    a.length > 5 ? Double.parseDouble(a[5]) : 0, a.length > 6 ? a[6] : "bench");
            case "invoices" -> invoices(a[1], a[2], a[3], Integer.parseInt(a[4]), Integer.parseInt(a[5]), Path.of(a[6]));
            case "bulk" -> bulk(a[1], a[2], Path.of(a[3]));
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void notify(String base, String key, int count, int concurrency, double rate, String prefix) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        long start = System.nanoTime();
        run(count, concurrency, i -> {
            if (rate > 0) {
                // Request i is sent no earlier than i / rate seconds after the start: an offered rate.
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            String body = "{\"to\":[\"ops" + (i % 50) + "@bench.example\"],\"subject\":\"Stock bas : Größe M n°" + i
                    + "\",\"body\":\"Only 2 left of item " + i + ".\\nReorder soon.\"}";
            if (post(base + "/api/v1/emails", key, body, prefix + "-" + i).statusCode() == 202) {
                ok.incrementAndGet();
            }
        });
        report("queued", ok.get(), start);
    }

    static void invoices(String base, String key, String client, int count, int concurrency, Path out) throws Exception {
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        run(count, concurrency, i -> {
            String body = "{\"kind\":\"INVOICE\",\"clientId\":\"" + client + "\",\"currency\":\"EUR\",\"lines\":[{\"description\":"
                    + "\"Bougie parfumée n°" + i + "\",\"quantity\":2,\"unitPrice\":\"12.50\",\"taxRate\":20}]}";
            HttpResponse<String> created = post(base + "/api/v1/documents", key, body, null);
            Matcher m = ID.matcher(created.body());
            if (created.statusCode() == 201 && m.find()
                    && post(base + "/api/v1/documents/" + m.group(1) + "/issue", key, "", null).statusCode() == 200) {
                ids.add(m.group(1));
            }
        });
        Files.write(out, ids);
        report("invoices issued", ids.size(), start);
    }

    static void bulk(String base, String key, Path idsFile) throws Exception {
        List<String> ids = Files.readAllLines(idsFile);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String body = "{\"documentIds\":[\"" + String.join("\",\"", chunk) + "\"]}";
            HttpResponse<String> r = post(base + "/api/v1/documents/send", key, body, null);
            Matcher m = ID.matcher(r.body());
            System.out.println("bulk job " + (m.find() ? m.group(1) : "?") + " HTTP " + r.statusCode() + " for "
                    + chunk.size() + " documents");
        }
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static void run(int count, int concurrency, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    task.run(i);
                }
                return null;
            }));
        }
        for (var w : workers) {
            w.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
    }

    static HttpResponse<String> post(String url, String key, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(600))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void report(String what, int n, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%d %s in %.1f s (%.0f/s)%n", n, what, seconds, n / seconds);
    }
}
