package dev.passerelle.automation;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.NotFound;
import dev.passerelle.support.Pages;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/automations")
@Tag(name = "Automations")
class AutomationController {

    private final Automations automations;
    private final AutomationStore store;
    private final DryRun dryRun;

    AutomationController(Automations automations, AutomationStore store, DryRun dryRun) {
        this.automations = automations;
        this.store = store;
        this.dryRun = dryRun;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an automation", description = "A trigger (any domain event type), optional conditions, "
            + "actions (building blocks with {{variables}}), timing, once per contact, active. Refused with 400 when "
            + "an action cannot run as written. See docs/automations.md.")
    Automation create(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody AutomationInput body) {
        return automations.create(tenant.tenantId(), body);
    }

    @GetMapping
    List<Automation> list(@AuthenticationPrincipal TenantPrincipal tenant) {
        return automations.list(tenant.tenantId());
    }

    @GetMapping("/{id}")
    Automation get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return automations.get(tenant.tenantId(), id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace an automation", description = "Runs already scheduled keep their time and run the "
            + "automation as it is when they fire.")
    Automation replace(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                       @RequestBody AutomationInput body) {
        return automations.replace(tenant.tenantId(), id, body);
    }

    @PostMapping("/{id}/activate")
    Automation activate(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return automations.activate(tenant.tenantId(), id, true);
    }

    @PostMapping("/{id}/deactivate")
    @Operation(summary = "Deactivate", description = "No new runs; pending ones are skipped when they come due.")
    Automation deactivate(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return automations.activate(tenant.tenantId(), id, false);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        automations.delete(tenant.tenantId(), id);
    }

    @GetMapping("/{id}/runs")
    @Operation(summary = "Run history", description = "Newest first: each run's trigger event, scheduled time, executed "
            + "time, status (PENDING, RUNNING, DONE, SKIPPED, FAILED), outcome and error; filter by `status`.")
    Pages<AutomationRun> runs(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) Integer limit) {
        return new Pages<>(automations.runs(tenant.tenantId(), id, status, Pages.clampLimit(limit)), null);
    }

    @GetMapping("/{id}/runs/{runId}")
    AutomationRun run(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id, @PathVariable UUID runId) {
        return store.run(tenant.tenantId(), id, runId).orElseThrow(() -> new NotFound("run " + runId));
    }

    @PostMapping("/{id}/runs/{runId}/replay")
    @Operation(summary = "Replay a failed or skipped run", description = "Due now; actions it already did are not "
            + "done again.")
    AutomationRun replay(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                         @PathVariable UUID runId) {
        return automations.replay(tenant.tenantId(), id, runId);
    }

    @PostMapping("/{id}/test")
    @Operation(summary = "Dry run", description = "With a documentId or clientId: whether the conditions hold, when it "
            + "would run, and each action with its properties rendered, without doing anything.")
    DryRun.Report test(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id,
                       @RequestBody(required = false) DryRun.Sample body) {
        return dryRun.run(tenant.tenantId(), automations.get(tenant.tenantId(), id),
                body == null ? new DryRun.Sample(null, null, null) : body);
    }
}
