package dev.passerelle.operations;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-route exchange figures from Camel's own management statistics, exported through
 * Micrometer ({@code camel_route_exchanges_total{route,outcome}}, {@code camel_route_inflight},
 * {@code camel_route_processing_mean_ms}). Passerelle's routes are a fixed set, so the series
 * count stays small whatever the number of tenants.
 */
@Component
class CamelRouteMetrics {

    private final CamelContext camel;
    private final MeterRegistry registry;

    CamelRouteMetrics(CamelContext camel, MeterRegistry registry) {
        this.camel = camel;
        this.registry = registry;
    }

    /** Routes exist once Camel has started, which is after meter binders run. */
    @EventListener(ApplicationReadyEvent.class)
    void bind() {
        for (var route : camel.getRoutes()) {
            String id = route.getRouteId();
            FunctionCounter.builder("camel.route.exchanges", this, m -> m.stat(id, Stat.COMPLETED))
                    .tag("route", id).tag("outcome", "completed").register(registry);
            FunctionCounter.builder("camel.route.exchanges", this, m -> m.stat(id, Stat.FAILED))
                    .tag("route", id).tag("outcome", "failed").register(registry);
            Gauge.builder("camel.route.inflight", this, m -> m.stat(id, Stat.INFLIGHT))
                    .tag("route", id).register(registry);
            Gauge.builder("camel.route.processing.mean", this, m -> m.stat(id, Stat.MEAN_MS))
                    .tag("route", id).baseUnit("milliseconds").register(registry);
        }
    }

    private enum Stat { COMPLETED, FAILED, INFLIGHT, MEAN_MS }

    private double stat(String routeId, Stat stat) {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean route = managed == null ? null : managed.getManagedRoute(routeId);
        if (route == null) {
            return 0;
        }
        return switch (stat) {
            case COMPLETED -> route.getExchangesCompleted();
            case FAILED -> route.getExchangesFailed();
            case INFLIGHT -> route.getExchangesInflight();
            case MEAN_MS -> route.getMeanProcessingTime();
        };
    }
}
