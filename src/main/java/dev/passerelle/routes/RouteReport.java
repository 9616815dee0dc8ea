package dev.passerelle.routes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.stereotype.Component;

/**
 * How the route files and their routes are doing, for operators: the API's
 * {@code /api/v1/admin/routes} and the console's routes page show the same report.
 */
@Component
class RouteReport {

    private final RouteFiles files;
    private final RouteRuns runs;
    private final CamelContext camel;
    private final RouteRunWorker worker;

    RouteReport(RouteFiles files, RouteRuns runs, CamelContext camel, RouteRunWorker worker) {
        this.files = files;
        this.runs = runs;
        this.camel = camel;
        this.worker = worker;
    }

    /** @param lastError the route's last failed run seen by this instance since it started */
    record RouteView(String id, String file, String status, boolean installable, String trigger,
                     List<ParameterSpec> parameters, Stats exchanges, Map<String, Long> runs,
                     RouteRunWorker.Failure lastError) {
    }

    /** Camel's own figures for the route since it started (processing times in ms). */
    record Stats(long total, long failed, long inflight, long meanMs, long maxMs, long lastMs) {
    }

    record FileView(String file, RouteFiles.Status status, List<Problem> problems, Instant checkedAt, Instant loadedAt,
                    List<String> routes) {
    }

    record Listing(String directory, List<FileView> files, List<RouteView> routes) {
    }

    Listing now() {
        return listing(files.states());
    }

    Listing reload() {
        return listing(files.reload());
    }

    /**
     * The latest runs that failed, of every route and tenant, read from the database (so those of
     * every instance, and from before a restart): dead ones, and those waiting for a retry.
     */
    List<RouteRuns.Failed> recentFailures(int limit) {
        return runs.recentFailures(limit);
    }

    private Listing listing(List<RouteFiles.FileState> states) {
        Map<String, Map<String, Long>> counts = runs.countsByRoute();
        List<FileView> fileViews = states.stream().map(f -> new FileView(f.file(), f.status(), f.problems(), f.checkedAt(),
                f.loadedAt(), f.running().stream().map(ParsedRoute::id).toList())).toList();
        List<RouteView> routes = states.stream().flatMap(f -> f.running().stream().map(r -> new RouteView(r.id(), f.file(),
                String.valueOf(camel.getRouteController().getRouteStatus(r.id())), r.installable(), r.trigger(),
                r.parameterList(), stats(r.id()), counts.getOrDefault(r.id(), Map.of()), worker.lastFailure(r.id()))))
                .toList();
        return new Listing(files.dir().toAbsolutePath().normalize().toString(), fileViews, routes);
    }

    private Stats stats(String routeId) {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean route = managed == null ? null : managed.getManagedRoute(routeId);
        if (route == null) {
            return null;
        }
        return new Stats(route.getExchangesTotal(), route.getExchangesFailed(), route.getExchangesInflight(),
                route.getMeanProcessingTime(), route.getMaxProcessingTime(), route.getLastProcessingTime());
    }
}
