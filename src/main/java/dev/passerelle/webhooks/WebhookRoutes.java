package dev.passerelle.webhooks;

import java.time.Instant;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Batches;

/**
 * The webhooks feature's fixed routes: the delivery worker's poll (every instance; claims are
 * shared through SKIP LOCKED), the refresh of which event types anyone subscribes to (every
 * instance, for subscriptions made on the others), and the retention purge (a Quartz job on the
 * clustered store: once per cluster).
 */
@Component
class WebhookRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);
    private static final int PURGE_BATCH = 1000;

    private final DeliveryWorker worker;
    private final ActiveTypes activeTypes;
    private final Deliveries deliveries;
    private final ScheduleClock clock;
    private final WebhooksProperties settings;

    WebhookRoutes(DeliveryWorker worker, ActiveTypes activeTypes, Deliveries deliveries, ScheduleClock clock,
                  WebhooksProperties settings) {
        this.worker = worker;
        this.activeTypes = activeTypes;
        this.deliveries = deliveries;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:webhook-deliveries?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("webhook-deliveries")
                .process(exchange -> exchange.getMessage().setBody(worker.drain()));

        from("timer:webhook-types?delay=" + settings.typesRefresh().toMillis() + "&period="
                + settings.typesRefresh().toMillis())
                .routeId("webhook-types")
                .process(exchange -> exchange.getMessage().setBody(activeTypes.refresh().size()));

        from("quartz://passerelle/webhook-retention?cron=" + settings.retentionCron().replace(' ', '+'))
                .routeId("webhook-retention")
                .process(exchange -> exchange.getMessage().setBody(purge()));
    }

    /** Deliveries finished longer ago than the retention go, with their attempts, then bodies nothing needs. */
    int purge() {
        Instant cutoff = clock.now().minus(settings.retention());
        int total = Batches.untilDone(PURGE_BATCH, size -> deliveries.purgeFinished(cutoff, size));
        int bodies = Batches.untilDone(PURGE_BATCH, size -> deliveries.purgeMessages(cutoff, size));
        if (total > 0 || bodies > 0) {
            log.info("Purged {} webhook deliveries and {} bodies finished more than {} ago", total, bodies,
                    settings.retention());
        }
        return total;
    }
}
