package dev.passerelle.einvoicing;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The Peppol outbox's poll: one fixed route for every tenant; rows are shared through SKIP LOCKED. */
@Component
class PeppolRoutes extends RouteBuilder {

    private final PeppolWorker worker;
    private final PeppolProperties settings;

    PeppolRoutes(PeppolWorker worker, PeppolProperties settings) {
        this.worker = worker;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:peppol-outbox?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("peppol-outbox")
                .process(exchange -> exchange.getMessage().setBody(worker.drain()));
    }
}
