package dev.passerelle.routes;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What a tenant can install: the running routes that start with a Passerelle trigger. */
@RestController
@RequestMapping("/api/v1/routes")
@Tag(name = "Route installations")
class RouteCatalogController {

    private final RouteFiles files;

    RouteCatalogController(RouteFiles files) {
        this.files = files;
    }

    record InstallableRoute(String id, String description, String trigger, List<ParameterSpec> parameters) {

        static InstallableRoute of(ParsedRoute r) {
            return new InstallableRoute(r.id(), r.description(), r.trigger(), r.parameterList());
        }
    }

    @GetMapping
    @Operation(summary = "Routes you can install", description = "Each with what triggers it and the parameters an "
            + "installation gives (name, type, required, what it is used for).")
    List<InstallableRoute> list() {
        return files.running().values().stream().filter(ParsedRoute::installable).map(InstallableRoute::of).toList();
    }

    @GetMapping("/{id}")
    InstallableRoute get(@PathVariable String id) {
        return files.route(id).filter(ParsedRoute::installable).map(InstallableRoute::of)
                .orElseThrow(() -> Problems.notFound("route '" + id + "'"));
    }
}
