package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.passerelle.support.Pages;
import dev.passerelle.tenancy.TenantPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/tasks")
@Tag(name = "Tasks")
class TaskController {

    private final Tasks tasks;

    TaskController(Tasks tasks) {
        this.tasks = tasks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a task", description = "The assignee (an e-mail address) is reminded by e-mail at dueAt.")
    Task create(@AuthenticationPrincipal TenantPrincipal tenant, @RequestBody TaskInput body) {
        return tasks.create(tenant.tenantId(), body, PipelineController.API);
    }

    @GetMapping
    @Operation(summary = "List tasks", description = "Soonest due first; filter by assignee, done, dueBefore, dueAfter, "
            + "clientId, documentId; pass nextCursor back as cursor.")
    Pages<Task> list(@AuthenticationPrincipal TenantPrincipal tenant, @RequestParam(required = false) String assignee,
                     @RequestParam(required = false) Boolean done, @RequestParam(required = false) Instant dueBefore,
                     @RequestParam(required = false) Instant dueAfter, @RequestParam(required = false) UUID clientId,
                     @RequestParam(required = false) UUID documentId, @RequestParam(required = false) Integer cursor,
                     @RequestParam(required = false) Integer limit) {
        int size = Pages.clampLimit(limit);
        int offset = cursor == null ? 0 : Math.max(0, cursor);
        List<Task> page = tasks.list(tenant.tenantId(), new Tasks.Filter(assignee, done, dueBefore, dueAfter, clientId,
                documentId), offset, size);
        return new Pages<>(page, page.size() == size ? Integer.toString(offset + size) : null);
    }

    @GetMapping("/{id}")
    Task get(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id) {
        return tasks.get(tenant.tenantId(), id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a task", description = "Fields given change; {\"done\": true} finishes it and publishes "
            + "task.done.")
    Task update(@AuthenticationPrincipal TenantPrincipal tenant, @PathVariable UUID id, @RequestBody TaskInput body) {
        return tasks.update(tenant.tenantId(), id, body);
    }
}
