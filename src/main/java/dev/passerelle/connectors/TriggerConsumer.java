package dev.passerelle.connectors;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * The consumer of a Passerelle trigger. It reads nothing itself: while its route runs it is
 * registered with {@link Triggers}, and the run worker hands it each durable run.
 */
public class TriggerConsumer extends DefaultConsumer {

    private final String block;
    private final Map<String, String> options;

    TriggerConsumer(PasserelleEndpoint endpoint, Processor processor, String block, Map<String, String> options) {
        super(endpoint, processor);
        this.block = block;
        this.options = options;
    }

    @Override
    public PasserelleEndpoint getEndpoint() {
        return (PasserelleEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().triggers().register(new Triggers.Registration(getRouteId(), block, options, this));
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().triggers().unregister(getRouteId(), this);
        super.doStop();
    }

    /**
     * Runs the route once for {@code run}, in the caller's thread. The trigger's data is the
     * first body; the run travels as an exchange property, and tenant, installation and trigger
     * ids and the trigger's day ({@code today}, {@code yesterday}) as exchange variables
     * ({@code ${variable.tenantId}} in Camel's simple language).
     *
     * @throws Exception what failed, so the run is retried from the database
     */
    public void run(RunContext run) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(RunContext.PROPERTY, run);
            exchange.setVariable("tenantId", run.tenantId().toString());
            exchange.setVariable("installationId", run.installationId().toString());
            exchange.setVariable("triggerId", run.triggerId().toString());
            exchange.setVariable("today", run.triggerDate().toString());
            exchange.setVariable("yesterday", run.triggerDate().minusDays(1).toString());
            exchange.getMessage().setBody(run.payload());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
