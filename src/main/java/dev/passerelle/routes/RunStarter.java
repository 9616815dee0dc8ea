package dev.passerelle.routes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.passerelle.connectors.RunContext;
import dev.passerelle.connectors.Templates;
import dev.passerelle.connectors.Triggers;
import dev.passerelle.support.Ids;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one triggering event into one run per matching active installation, in the caller's
 * transaction (the outbox delivery, the inbox event, the scheduler's firing): the run rows
 * commit with what triggered them, and the unique (installation, trigger) key makes a repeated
 * delivery start nothing twice.
 */
@Component
class RunStarter {

    private final Triggers triggers;
    private final Installations installations;
    private final RouteRuns runs;
    private final JsonMapper json;
    private final Clock clock;

    RunStarter(Triggers triggers, Installations installations, RouteRuns runs, JsonMapper json, Clock clock) {
        this.triggers = triggers;
        this.installations = installations;
        this.runs = runs;
        this.json = json;
        this.clock = clock;
    }

    /** What triggered: its kind ({@code document.paid}, {@code hook}, ...), id, time and data. */
    record Triggered(String type, UUID id, Instant at, JsonNode payload) {
    }

    /** True when some running route starts with {@code block} and wants this trigger: cheap, in memory. */
    boolean wanted(String block, java.util.function.Predicate<Triggers.Registration> wants) {
        return triggers.withBlock(block).stream().anyMatch(wants);
    }

    /** One triggering event of one tenant, and which of its routes it starts (see {@link #start}). */
    record Start(UUID tenantId, Triggered triggered, BiPredicate<Options, Triggers.Registration> matches) {
    }

    /**
     * Starts the runs for a tenant's event. {@code matches} decides per route and installation,
     * with the route's trigger options resolved against the installation (e.g. its hook's name).
     */
    int start(UUID tenantId, String block, Triggered triggered, BiPredicate<Options, Triggers.Registration> matches) {
        return startAll(block, List.of(new Start(tenantId, triggered, matches)));
    }

    /**
     * Starts the runs for several events, in the caller's transaction: one query for the
     * installations of all their tenants, one batch of inserts.
     */
    int startAll(String block, List<Start> starts) {
        Map<String, Triggers.Registration> routes = triggers.withBlock(block).stream()
                .collect(Collectors.toMap(Triggers.Registration::routeId, r -> r));
        if (routes.isEmpty() || starts.isEmpty()) {
            return 0;
        }
        Set<UUID> tenants = starts.stream().map(Start::tenantId).collect(Collectors.toSet());
        Map<UUID, List<Installation>> byTenant = installations.active(tenants, routes.keySet()).stream()
                .collect(Collectors.groupingBy(Installation::tenantId));
        List<Run> toStart = new ArrayList<>();
        for (Start s : starts) {
            collect(byTenant.getOrDefault(s.tenantId(), List.of()), routes, s.triggered(), s.matches(), toStart);
        }
        return runs.insertAll(toStart);
    }

    /** Starts the runs of every installation of one route (a schedule's firing). */
    int startAll(Triggers.Registration route, Triggered triggered) {
        List<Run> toStart = new ArrayList<>();
        collect(installations.active(route.routeId()), Map.of(route.routeId(), route), triggered, (o, r) -> true, toStart);
        return runs.insertAll(toStart);
    }

    private void collect(List<Installation> candidates, Map<String, Triggers.Registration> routes, Triggered triggered,
                         BiPredicate<Options, Triggers.Registration> matches, List<Run> toStart) {
        if (candidates.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String payload = json.writeValueAsString(triggered.payload());
        for (Installation installation : candidates) {
            Triggers.Registration route = routes.get(installation.routeId());
            RunContext context = new RunContext(null, installation.tenantId(), installation.id(), route.routeId(),
                    triggered.type(), triggered.id(), triggered.at(), triggered.payload(), installation.parameters());
            if (matches.test(new Options(route.options(), new Templates.Scope(context, triggered.payload(), Map.of(),
                    clock)), route)) {
                toStart.add(new Run(Ids.newId(), installation.tenantId(), installation.id(), route.routeId(),
                        triggered.type(), triggered.id(), triggered.at(), payload, Run.Status.PENDING, 0, now, now,
                        null, null, null));
            }
        }
    }

    /** A route's trigger options, resolved for one installation. */
    record Options(Map<String, String> raw, Templates.Scope scope) {

        /** The option's text for this installation, or null when it is not set. */
        String text(String name) {
            String value = raw.get(name);
            if (value == null) {
                return null;
            }
            String resolved = Templates.text(Templates.resolve(value, scope)).strip();
            return resolved.isEmpty() ? null : resolved;
        }
    }
}
