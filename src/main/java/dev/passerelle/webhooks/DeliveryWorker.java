package dev.passerelle.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.support.StandardWebhooks;
import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.LeasedQueue;
import dev.passerelle.support.LeasedQueues;
import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.PublicAddresses;

/**
 * Sends due deliveries from any instance. A few loops claim small batches ({@link LeasedQueue})
 * and hand each delivery to a sender thread; a loop does not wait for its batch's answers, so a
 * receiver that takes its whole {@code timeout} holds one sender, not a loop and every delivery
 * behind it. {@code senders} bounds what is in flight; the claim skips a subscription that already
 * has {@code per-subscription} in flight. Answers are recorded by {@link DeliveryResults} in
 * batches, a transaction for many deliveries.
 *
 * <p>Each attempt is a POST of the stored body through {@link OutboundHttp} (the address checked
 * after a fresh look-up and connected to as checked, no redirects, {@code timeout} for all of it,
 * at most 64 KiB of the answer read) with the Standard Webhooks headers. 2xx delivers; 410 Gone
 * deletes the subscription; any other answer, a timeout, a refused connection or a refused address
 * is a failure, retried on the {@link RetrySchedule} (as Standard Webhooks and Svix do: a receiver
 * answering 400 may be fixed, and is then caught up).
 */
@Component
class DeliveryWorker implements DisposableBean {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Deliveries deliveries;
    private final DeliveryResults results;
    private final OutboundHttp http;
    private final SecretStore secrets;
    private final ScheduleClock clock;
    private final OutboundHttp.Limits limits;
    private final LeasedQueue<UUID, Deliveries.Leased> queue;
    private final ThreadPoolExecutor senders;
    private final Semaphore inFlight;
    private final BlockingQueue<DeliveryResults.Outcome> answered = new LinkedBlockingQueue<>();
    private final Thread recorder;
    private volatile boolean running = true;

    DeliveryWorker(Deliveries deliveries, DeliveryResults results, OutboundHttp http, SecretStore secrets,
                   ScheduleClock clock, TransactionTemplate tx, WebhooksProperties settings, LeasedQueues queues) {
        this.deliveries = deliveries;
        this.results = results;
        this.http = http;
        this.secrets = secrets;
        this.clock = clock;
        this.limits = new OutboundHttp.Limits(settings.timeout(), MAX_RESPONSE_BYTES);
        this.queue = queues.register(new LeasedQueue<>("webhook-deliveries", settings.workers(), settings.batchSize(), settings.lease(),
                deliveries, tx, clock.clock()));
        int size = Math.max(1, settings.senders());
        this.inFlight = new Semaphore(size);
        // A queue, not a hand-off: a sender releases its permit a moment before it is free for the next
        // delivery, and a hand-off would refuse that delivery. The permits bound what waits in it.
        this.senders = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
        this.senders.allowCoreThreadTimeOut(true);
        this.recorder = new Thread(this::record, "webhook-results");
        this.recorder.setDaemon(true);
        this.recorder.start();
    }

    /** Claims and hands out due deliveries until none is due. Returns how many it handed out. */
    int drain() {
        deliveries.releaseExpiredLeases(clock.now());
        return queue.drain(this::submit);
    }

    private void submit(Deliveries.Leased delivery, UUID token) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the delivery is sent again
        }
        try {
            senders.execute(() -> {
                try {
                    answered.add(send(delivery, token));
                } finally {
                    inFlight.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.release(); // shutting down: the lease runs out and the delivery is sent again
        }
    }

    DeliveryResults.Outcome send(Deliveries.Leased d, UUID token) {
        Instant at = clock.now();
        if (d.subscriptionStatus() != Subscription.Status.ACTIVE) {
            return DeliveryResults.Outcome.skipped(d, token, at, "the subscription is disabled");
        }
        byte[] key;
        try {
            key = StandardWebhooks.key(secrets.reveal(d.tenantId(), d.secret()));
        } catch (RuntimeException e) {
            // Never unsigned: a receiver checking signatures would reject it, one that does not would be fooled.
            return DeliveryResults.Outcome.failed(d, token, at, null, 0, "the signing secret cannot be read: " + e.getMessage());
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        String id = d.eventId().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(StandardWebhooks.ID, id);
        headers.put(StandardWebhooks.TIMESTAMP, Long.toString(timestamp));
        headers.put(StandardWebhooks.SIGNATURE, StandardWebhooks.sign(key, id, timestamp, body));
        long started = System.nanoTime();
        try {
            OutboundHttp.Response response = http.post(URI.create(d.targetUrl()), headers, body, "application/json", limits);
            long ms = elapsedMs(started);
            int status = response.status();
            if (status >= 200 && status < 300) {
                return DeliveryResults.Outcome.delivered(d, token, at, status, ms);
            }
            if (status == 410) {
                return DeliveryResults.Outcome.gone(d, token, at, ms);
            }
            return DeliveryResults.Outcome.failed(d, token, at, status, ms, "HTTP " + status + answer(response));
        } catch (PublicAddresses.RefusedAddressException e) {
            return DeliveryResults.Outcome.failed(d, token, at, null, elapsedMs(started), "refused: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return DeliveryResults.Outcome.failed(d, token, at, null, elapsedMs(started), "timed out: " + e.getMessage());
        } catch (ConnectException e) {
            return DeliveryResults.Outcome.failed(d, token, at, null, elapsedMs(started), "could not connect: "
                    + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return DeliveryResults.Outcome.failed(d, token, at, null, elapsedMs(started), "could not deliver: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The start of the receiver's answer, printable, for the log: often the reason it refused. */
    private static String answer(OutboundHttp.Response response) {
        String text = new String(response.body(), 0, Math.min(response.body().length, 300), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}&&[^\t]]+", " ").strip();
        return text.isEmpty() ? "" : ": " + text + (response.body().length > 300 ? "…" : "");
    }

    private static long elapsedMs(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /** The recorder thread: writes answers as they come, many per transaction. */
    private void record() {
        List<DeliveryResults.Outcome> batch = new ArrayList<>();
        while (running || !answered.isEmpty()) {
            try {
                DeliveryResults.Outcome first = answered.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                answered.drainTo(batch, 499);
                results.record(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                // Unrecorded answers leave their deliveries RUNNING: their leases run out and they are sent again.
                log.error("Recording {} webhook delivery results failed", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.SECONDS);
        running = false;
        recorder.join(TimeUnit.SECONDS.toMillis(5));
    }
}
