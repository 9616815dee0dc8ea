package dev.passerelle.routes;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The ops area's routes page: each route file with its status and problems, each route with
 * Camel's status, its runs by status and last error, and the latest failed runs — the same
 * {@link RouteReport} as {@code /api/v1/admin/routes}; Reload reads the files now.
 */
@Controller
@ConsolePage
@Hidden
class RoutePages {

    private static final int FAILURES_SHOWN = 20;

    private final RouteReport report;

    RoutePages(RouteReport report) {
        this.report = report;
    }

    @GetMapping("/ops/routes")
    String routes(Model model) {
        return show(report.now(), model);
    }

    @PostMapping("/ops/routes/reload")
    String reload(Model model) {
        model.addAttribute("reloaded", true);
        return show(report.reload(), model);
    }

    private String show(RouteReport.Listing listing, Model model) {
        model.addAttribute("listing", listing);
        model.addAttribute("failures", report.recentFailures(FAILURES_SHOWN));
        return "routes/routes";
    }
}
