package dev.passerelle.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The console's tasks: open ones soonest due first (overdue ones marked), with the client and the
 * document each is about, marked done from the list; a form for a new one. The same
 * {@link Tasks} calls as the API's.
 */
@Controller
@ConsolePage
@Hidden
class TaskPages {

    static final int PAGE_SIZE = 50;
    private static final Set<String> DONE = Set.of("created", "done");

    private final Tasks tasks;
    private final Clients clients;
    private final Documents documents;
    private final Clock clock;

    TaskPages(Tasks tasks, Clients clients, Documents documents, Clock clock) {
        this.tasks = tasks;
        this.clients = clients;
        this.documents = documents;
        this.clock = clock;
    }

    /** A task as a row: the client and document it is about, and whether it is past its due time. */
    record Row(Task task, Client client, Document document, boolean overdue) {
    }

    /** What the new task form holds, as typed. */
    record TaskForm(String title, String due, String assignee, String notes) {
    }

    @GetMapping("/console/tasks")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "open") String show,
                @RequestParam(defaultValue = "0") int cursor, @RequestParam(defaultValue = "") String done,
                Model model) {
        model.addAttribute("done", DONE.contains(done) ? done : null);
        return page(me, show, cursor, new TaskForm("", "", "", ""), model);
    }

    @PostMapping("/console/tasks")
    String create(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String title,
                  @RequestParam(defaultValue = "") String due, @RequestParam(defaultValue = "") String assignee,
                  @RequestParam(defaultValue = "") String notes, Model model, HttpServletResponse response) {
        TaskForm form = new TaskForm(title, due, assignee, notes);
        try {
            tasks.create(me.tenantId(), new TaskInput(title, notes, dueAt(due), assignee, null, null, false),
                    PipelinePages.actor(me));
        } catch (DomainException refused) {
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            model.addAttribute("error", refused.getMessage());
            return page(me, "open", 0, form, model);
        }
        return "redirect:/console/tasks?done=created";
    }

    /** Finishes it (task.done is published), as {@code PATCH /api/v1/tasks/{id} {"done": true}}. */
    @PostMapping("/console/tasks/{id}/done")
    String finish(@AuthenticationPrincipal SignedIn me, @PathVariable String id) {
        tasks.update(me.tenantId(), Ids.inPath(id, "task"), new TaskInput(null, null, null, null, null, null, true));
        return "redirect:/console/tasks?done=done";
    }

    private String page(SignedIn me, String show, int cursor, TaskForm form, Model model) {
        Boolean doneFilter = switch (show) {
            case "done" -> true;
            case "all" -> null;
            default -> false;
        };
        int offset = Math.max(0, cursor);
        List<Task> page = tasks.list(me.tenantId(), new Tasks.Filter(null, doneFilter, null, null, null, null), offset,
                PAGE_SIZE);
        Map<UUID, UUID> tenantByClient = new HashMap<>();
        page.stream().map(Task::clientId).filter(Objects::nonNull).forEach(c -> tenantByClient.put(c, me.tenantId()));
        Map<UUID, Client> named = clients.findAll(tenantByClient);
        Map<UUID, Document> docs = new HashMap<>();
        page.stream().map(Task::documentId).filter(Objects::nonNull).distinct()
                .forEach(d -> documents.find(me.tenantId(), d).ifPresent(doc -> docs.put(d, doc)));
        Instant now = clock.instant();
        model.addAttribute("rows", page.stream().map(t -> new Row(t, t.clientId() == null ? null : named.get(t.clientId()),
                t.documentId() == null ? null : docs.get(t.documentId()),
                !t.done() && t.dueAt() != null && t.dueAt().isBefore(now))).toList());
        model.addAttribute("show", doneFilter == null ? "all" : doneFilter ? "done" : "open");
        model.addAttribute("first", offset == 0);
        model.addAttribute("next", page.size() == PAGE_SIZE ? offset + PAGE_SIZE : null);
        model.addAttribute("form", form);
        return "pipeline/tasks";
    }

    /** A {@code datetime-local} field's value, read as UTC (as every time the console shows); blank is none. */
    private static Instant dueAt(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("dueAt: a date and time such as 2026-03-05T09:00");
        }
    }
}
