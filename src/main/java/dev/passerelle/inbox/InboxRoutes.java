package dev.passerelle.inbox;

import java.time.Clock;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Batches;

/**
 * The inbox's two fixed routes. Polling runs on every instance (claims are shared through
 * SKIP LOCKED); the purge is a Quartz job on the clustered JDBC store, so it fires once per
 * cluster.
 */
@Component
class InboxRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(InboxRoutes.class);
    private static final int PURGE_BATCH = 1000;

    private final InboxWorker worker;
    private final InboxStore store;
    private final InboxProperties settings;
    private final Clock clock;

    InboxRoutes(InboxWorker worker, InboxStore store, InboxProperties settings, Clock clock) {
        this.worker = worker;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:inbox-worker?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("inbox-worker")
                .process(exchange -> exchange.getMessage().setBody(worker.drain()));

        from("quartz://passerelle/inbox-retention?cron=" + settings.retentionCron().replace(' ', '+'))
                .routeId("inbox-retention")
                .process(exchange -> exchange.getMessage().setBody(purge()));
    }

    int purge() {
        var cutoff = clock.instant().minus(settings.retention());
        int total = Batches.untilDone(PURGE_BATCH, size -> store.purgeProcessed(cutoff, size));
        if (total > 0) {
            log.info("Purged {} processed inbox events older than {}", total, settings.retention());
        }
        return total;
    }
}
