package dev.passerelle.routes;

import java.util.List;

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
    private final RouteReport report;

    RouteAdminController(RouteFiles files, RouteReport report) {
        this.files = files;
        this.report = report;
    }

    record Validation(boolean valid, List<Problem> problems, List<RouteCatalogController.InstallableRoute> routes) {
    }

    @GetMapping
    @Operation(summary = "Route files and their routes",
            description = "Each file: RUNNING, FAILED (would not start; the previous version runs), REJECTED (did not "
                    + "pass validation; the previous version runs) or REMOVED, with its problems (file, line, reason). "
                    + "Each route: Camel's status and exchange figures, and its runs by status.")
    RouteReport.Listing list() {
        return report.now();
    }

    @PostMapping("/reload")
    @Operation(summary = "Reload the route files now", description = "They are also reloaded within seconds of a change.")
    RouteReport.Listing reload() {
        return report.reload();
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
}
