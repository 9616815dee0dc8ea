package dev.passerelle.einvoicing;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The Peppol outbox's poll: one fixed route for every tenant; rows are shared through SKIP LOCKED.
 * And the re-read of whether anyone sends through Peppol.
 */
@Component
class PeppolRoutes extends RouteBuilder {

    private final PeppolWorker worker;
    private final PeppolProperties settings;
    private final PeppolInUse inUse;

    PeppolRoutes(PeppolWorker worker, PeppolProperties settings, PeppolInUse inUse) {
        this.worker = worker;
        this.settings = settings;
        this.inUse = inUse;
    }

    @Override
    public void configure() {
        from("timer:peppol-outbox?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("peppol-outbox")
                .process(exchange -> exchange.getMessage().setBody(worker.drain()));
        // Settings changed on other instances.
        from("timer:peppol-in-use?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("peppol-in-use")
                .process(exchange -> inUse.refresh());
    }
}
