package dev.passerelle.connectors;

import java.time.Clock;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Batches;

/**
 * Forgets Idempotency-Keys of actions called over HTTP once they are {@link DirectActions#KEPT}
 * old: a Quartz job on the clustered store, so it fires once per cluster. Until it runs, an
 * expired key already counts as unused ({@link DirectRequests#claim}).
 */
@Component
class DirectRequestPurge extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(DirectRequestPurge.class);
    private static final int BATCH = 1000;

    private final DirectRequests requests;
    private final Clock clock;

    DirectRequestPurge(DirectRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("quartz://passerelle/action-request-purge?cron=0+27+*+*+*+?")
                .routeId("action-request-purge")
                .process(exchange -> exchange.getMessage().setBody(purge()));
    }

    int purge() {
        int total = Batches.untilDone(BATCH, size -> requests.purge(clock.instant().minus(DirectActions.KEPT), size));
        if (total > 0) {
            log.info("Forgot {} Idempotency-Keys of actions called over HTTP, older than {}", total, DirectActions.KEPT);
        }
        return total;
    }
}
