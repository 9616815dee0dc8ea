package dev.passerelle.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Inbox depth and age per status for dashboards and alerts
 * ({@code passerelle_inbox_depth}, {@code passerelle_inbox_oldest_age_seconds}). Figures are
 * read from the database (they are cluster-wide) at most every few seconds, however often
 * Prometheus scrapes.
 */
@Component
class InboxMetrics implements MeterBinder {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final List<String> STATUSES = List.of("PENDING", "PROCESSING", "DEAD");

    private final InboxStore store;
    private final InboxWriter writer;
    private final Clock clock;
    private final Map<String, InboxStore.StatusFigures> latest = new ConcurrentHashMap<>();
    private volatile Instant readAt = Instant.EPOCH;

    InboxMetrics(InboxStore store, InboxWriter writer, Clock clock) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String status : STATUSES) {
            String tag = status.toLowerCase();
            Gauge.builder("passerelle.inbox.depth", () -> figures(status).count())
                    .tag("status", tag).description("Inbox events in this status").register(registry);
            Gauge.builder("passerelle.inbox.oldest.age", () -> ageSeconds(figures(status)))
                    .tag("status", tag).baseUnit("seconds")
                    .description("Age of the oldest inbox event in this status").register(registry);
        }
        Gauge.builder("passerelle.inbox.write.queue", writer::queued)
                .description("Events waiting for their commit on this instance").register(registry);
    }

    private InboxStore.StatusFigures figures(String status) {
        refreshIfStale();
        return latest.getOrDefault(status, new InboxStore.StatusFigures(status, 0, null));
    }

    private double ageSeconds(InboxStore.StatusFigures figures) {
        return figures.oldestReceivedAt() == null ? 0
                : Math.max(0, Duration.between(figures.oldestReceivedAt(), clock.instant()).toMillis() / 1000.0);
    }

    private synchronized void refreshIfStale() {
        Instant now = clock.instant();
        if (readAt.plus(REFRESH).isAfter(now)) {
            return;
        }
        latest.clear();
        for (InboxStore.StatusFigures f : store.figures()) {
            latest.put(f.status(), f);
        }
        readAt = now;
    }
}
