package dev.passerelle.routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The fixed routes of the routes feature: the run worker's poll and the route files' reload
 * check, on every instance.
 */
@Component
class RouteRunRoutes extends RouteBuilder {

    private final RouteRunWorker worker;
    private final RouteFiles files;
    private final RoutesProperties settings;

    RouteRunRoutes(RouteRunWorker worker, RouteFiles files, RoutesProperties settings) {
        this.worker = worker;
        this.files = files;
        this.settings = settings;
    }

    /** Route files load once Camel runs, before the application takes traffic. */
    @EventListener(ApplicationReadyEvent.class)
    void loadRouteFiles() {
        files.reload();
    }

    @Override
    public void configure() {
        from("timer:route-runs?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("route-runs")
                .process(exchange -> exchange.getMessage().setBody(worker.drain()));

        from("timer:route-files?delay=" + settings.reloadInterval().toMillis() + "&period="
                + settings.reloadInterval().toMillis())
                .routeId("route-files")
                .process(exchange -> files.reload());
    }
}
