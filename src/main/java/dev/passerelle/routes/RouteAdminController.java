package dev.passerelle.routes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Operator view of the route files: what runs, what was refused and why, and how each route is doing. */
@RestController
@RequestMapping("/api/v1/admin/routes")
@Tag(name = "Operator: routes")
class RouteAdminController {

    private static final int MAX_YAML = 256 * 1024;

    private final RouteFiles files;
    private final RouteRuns runs;
    private final CamelContext camel;
    private final RouteRunWorker worker;

    RouteAdminController(RouteFiles files, RouteRuns runs, CamelContext camel, RouteRunWorker worker) {
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

    record Validation(boolean valid, List<Problem> problems, List<RouteCatalogController.InstallableRoute> routes) {
    }

    @GetMapping
    @Operation(summary = "Route files and their routes",
            description = "Each file: RUNNING, FAILED (would not start; the previous version runs), REJECTED (did not "
                    + "pass validation; the previous version runs) or REMOVED, with its problems (file, line, reason). "
                    + "Each route: Camel's status and exchange figures, and its runs by status.")
    Listing list() {
        return listing(files.states());
    }

    @PostMapping("/reload")
    @Operation(summary = "Reload the route files now", description = "They are also reloaded within seconds of a change.")
    Listing reload() {
        return listing(files.reload());
    }

    @PostMapping(value = "/validate", consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain",
            "application/octet-stream"})
    @Operation(summary = "Check a route file without deploying it",
            description = "The body is the file's YAML; `file` names it (for messages and for route ids it may replace).")
    Validation validate(@RequestBody String yaml, @RequestParam(defaultValue = "new.camel.yaml") String file) {
        if (yaml.length() > MAX_YAML) {
            throw Problems.of(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE, "a route file is at most 256 KB");
        }
        RouteFileParser.Verdict verdict = files.validate(file, yaml);
        return new Validation(verdict.ok(), verdict.problems(),
                verdict.routes().stream().map(RouteCatalogController.InstallableRoute::of).toList());
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
