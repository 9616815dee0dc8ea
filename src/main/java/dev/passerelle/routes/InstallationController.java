package dev.passerelle.routes;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.connectors.Effects;
import dev.passerelle.support.Pages;
import dev.passerelle.support.Problems;
import dev.passerelle.tenancy.TenantPrincipal;
import dev.passerelle.web.NoNulTree;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.ObjectNode;

/** A tenant's installations of routes, and each one's runs. */
@RestController
@RequestMapping("/api/v1/route-installations")
@Tag(name = "Route installations")
class InstallationController {

    private final Installations installations;
    private final RouteRuns runs;
    private final Effects effects;
    private final Clock clock;

    InstallationController(Installations installations, RouteRuns runs, Effects effects, Clock clock) {
        this.installations = installations;
        this.runs = runs;
        this.effects = effects;
        this.clock = clock;
    }

    record Install(@NotBlank @Size(max = 200) String route, @Size(max = 200) String name,
                   @JsonDeserialize(using = NoNulTree.Objects.class) ObjectNode parameters) {
    }

    record InstallationView(UUID id, String route, String name, Installation.Status status, ObjectNode parameters,
                            Instant createdAt, Instant updatedAt) {
    }

    record RunSummary(UUID id, String trigger, UUID triggerId, Instant triggeredAt, Run.Status status, int attempts,
                      Instant nextAttemptAt, Instant createdAt, Instant finishedAt, Long durationMs, String error) {

        static RunSummary of(Run r) {
            return new RunSummary(r.id(), r.triggerType(), r.triggerId(), r.triggeredAt(), r.status(), r.attempts(),
                    r.status() == Run.Status.PENDING ? r.nextAttemptAt() : null, r.createdAt(), r.finishedAt(),
                    r.durationMs(), r.lastError());
        }
    }

    record RunDetail(RunSummary run, JsonNode trigger, List<Effects.Effect> steps) {
    }

    record Replayed(int replayed) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Install a route",
            description = "`route` is the id of an installable route (GET /api/v1/routes); `parameters` give a value for "
                    + "each of its parameters. Secret parameters are stored in the secret store and never shown again.")
    InstallationView create(@AuthenticationPrincipal TenantPrincipal tenant, @Valid @RequestBody Install request) {
        return view(installations.create(tenant.tenantId(), request.route().strip(), request.name(), request.parameters()));
    }

    @GetMapping
    List<InstallationView> list(@AuthenticationPrincipal TenantPrincipal tenant,
                                @RequestParam(required = false) String route) {
        return installations.list(tenant.tenantId(), route).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    InstallationView get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return view(installations.get(tenant.tenantId(), id));
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause", description = "New triggers start no run; runs already due wait until it is resumed.")
    InstallationView pause(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return view(installations.setStatus(tenant.tenantId(), id, Installation.Status.PAUSED));
    }

    @PostMapping("/{id}/resume")
    InstallationView resume(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return view(installations.setStatus(tenant.tenantId(), id, Installation.Status.ACTIVE));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete", description = "Its runs stay visible; its secrets are destroyed.")
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        installations.delete(tenant.tenantId(), id);
    }

    @GetMapping("/{id}/runs")
    @Operation(summary = "The installation's runs, newest first",
            description = "Each run: what triggered it, its status (PENDING, RUNNING, DONE, DEAD), attempts and error. "
                    + "Pass `nextCursor` back as `cursor`.")
    Pages<RunSummary> runs(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                           @RequestParam(required = false) Run.Status status,
                           @RequestParam(required = false) UUID cursor, @RequestParam(required = false) Integer limit) {
        installations.get(tenant.tenantId(), id);
        int size = Pages.clampLimit(limit);
        List<RunSummary> page = runs.list(tenant.tenantId(), id, status, cursor, size).stream().map(RunSummary::of).toList();
        return new Pages<>(page, page.size() == size ? page.get(size - 1).id().toString() : null);
    }

    @GetMapping("/{id}/runs/{runId}")
    @Operation(summary = "A run with its trigger data and the steps it has done")
    RunDetail run(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id, @PathVariable UUID runId) {
        Run run = runs.find(tenant.tenantId(), runId).filter(r -> r.installationId().equals(id))
                .orElseThrow(() -> Problems.notFound("run " + runId));
        return new RunDetail(RunSummary.of(run), installations.parse(run.payload()),
                effects.of(run.installationId(), run.triggerId()));
    }

    @PostMapping("/{id}/runs/{runId}/replay")
    @Operation(summary = "Run again", description = "For a DONE or DEAD run. Steps it has already done are not done "
            + "again (each Passerelle action has one effect per event); the rest runs.")
    @Transactional
    RunSummary replay(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id, @PathVariable UUID runId) {
        Run run = runs.find(tenant.tenantId(), runId).filter(r -> r.installationId().equals(id))
                .orElseThrow(() -> Problems.notFound("run " + runId));
        if (runs.replay(tenant.tenantId(), runId, clock.instant()) == 0) {
            throw Problems.conflict("run " + runId + " is " + run.status() + "; only DONE or DEAD runs can be replayed");
        }
        return RunSummary.of(runs.find(tenant.tenantId(), runId).orElseThrow());
    }

    @PostMapping("/{id}/runs/replay-dead")
    @Operation(summary = "Run every dead run of this installation again")
    @Transactional
    Replayed replayDead(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        installations.get(tenant.tenantId(), id);
        return new Replayed(runs.replayDead(tenant.tenantId(), id, clock.instant()));
    }

    private InstallationView view(Installation i) {
        return new InstallationView(i.id(), i.routeId(), i.name(), i.status(), installations.visible(i), i.createdAt(),
                i.updatedAt());
    }
}
