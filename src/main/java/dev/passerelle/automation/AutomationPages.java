package dev.passerelle.automation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.passerelle.connectors.BlockCalls;
import dev.passerelle.connectors.BlockSpec;
import dev.passerelle.connectors.PropertySpec;
import dev.passerelle.connectors.PropertyType;
import dev.passerelle.invoicing.ClientCreated;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.DocumentEvent;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.pipeline.CardCreated;
import dev.passerelle.pipeline.CardMoved;
import dev.passerelle.pipeline.Pipeline;
import dev.passerelle.pipeline.Pipelines;
import dev.passerelle.pipeline.TaskCreated;
import dev.passerelle.pipeline.TaskDone;
import dev.passerelle.pipeline.TaskDue;
import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.tenancy.SignedIn;
import dev.passerelle.web.ConsolePage;
import dev.passerelle.woocommerce.ShopOrderReceived;
import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

/**
 * The console's automations: the list with each one's latest runs, a form for a new one, and an
 * automation's page (its actions, on / off, delete, a dry run, its runs with replay). The same
 * {@link Automations} and {@link DryRun} calls as the API's, so every rule is theirs; the form
 * only shows their refusal next to the fields it names.
 */
@Controller
@ConsolePage
@Hidden
class AutomationPages {

    /**
     * The triggers the form offers: the domain events an automation is usually about. The API takes
     * any event type; one saved with another shows as it is.
     */
    static final List<String> TRIGGERS = List.of(DocumentEvent.SENT, DocumentEvent.PAID, DocumentEvent.PARTIALLY_PAID,
            DocumentEvent.OVERDUE, DocumentEvent.VIEWED, DocumentEvent.ISSUED, DocumentEvent.CREDITED,
            DocumentEvent.CANCELLED, ShopOrderReceived.TYPE, ClientCreated.TYPE, CardCreated.TYPE, CardMoved.TYPE,
            TaskCreated.TYPE, TaskDue.TYPE, TaskDone.TYPE);
    /** The order the form offers the actions in. */
    static final List<String> BLOCK_ORDER = List.of("send-email", "send-document", "notify-team", "create-task",
            "move-card", "http-post");
    static final int RECENT_RUNS = 5;
    static final int RUNS_SHOWN = 50;
    /** Documents and clients a dry run offers to try with: the newest. */
    static final int SAMPLES = 50;
    private static final Set<String> DONE = Set.of("created", "saved", "apiOnly", "activated", "deactivated", "replayed",
            "deleted");
    private static final Set<String> TEXTAREAS = Set.of("body", "notes");
    private static final Set<PropertyType> NOT_IN_FORM = Set.of(PropertyType.SECRET, PropertyType.MAPPING,
            PropertyType.LINES);

    private final Automations automations;
    private final DryRun dryRun;
    private final BlockCalls blocks;
    private final Pipelines pipelines;
    private final Documents documents;
    private final Clients clients;
    private final MessageSource messages;

    AutomationPages(Automations automations, DryRun dryRun, BlockCalls blocks, Pipelines pipelines, Documents documents,
                    Clients clients, MessageSource messages) {
        this.automations = automations;
        this.dryRun = dryRun;
        this.blocks = blocks;
        this.pipelines = pipelines;
        this.documents = documents;
        this.clients = clients;
        this.messages = messages;
    }

    /** An automation as a row of the list, with when it acts and its latest runs. */
    record Row(Automation automation, String delay, List<AutomationRun> runs) {
    }

    /** One field of an action's fieldset: a property of its block the form may give. */
    record Field(String id, String param, String name, String label, String hint, String kind, boolean required) {
    }

    /** An action the form offers, with its fields. */
    record Block(String name, String label, List<Field> fields) {
    }

    /** A dry run's action, its properties as they would run. */
    record TriedAction(String block, List<Map.Entry<String, String>> properties, List<String> problems) {
    }

    @GetMapping("/console/automations")
    String list(@AuthenticationPrincipal SignedIn me, @RequestParam(defaultValue = "") String done, Locale locale,
                Model model) {
        List<Automation> listed = automations.list(me.tenantId());
        Map<UUID, List<AutomationRun>> latest = automations.latestRuns(me.tenantId(), listed, RECENT_RUNS);
        List<Row> rows = listed.stream().map(a -> new Row(a, delay(a, locale), latest.get(a.id()))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("done", DONE.contains(done) ? done : null);
        return "automation/automations";
    }

    @GetMapping("/console/automations/new")
    String blank(@AuthenticationPrincipal SignedIn me, Locale locale, Model model) {
        return form(me, AutomationForm.empty(), List.of(), locale, model);
    }

    @PostMapping("/console/automations")
    String create(@AuthenticationPrincipal SignedIn me, @RequestParam MultiValueMap<String, String> params,
                  Locale locale, Model model, HttpServletResponse response) {
        AutomationForm form = AutomationForm.of(params);
        Automation created;
        try {
            created = automations.create(me.tenantId(), form.input());
        } catch (DomainException refused) {
            if (refused instanceof NotFound) {
                throw refused;
            }
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            return refusedForm(me, form, refused, locale, model);
        }
        return "redirect:/console/automations/" + created.id() + "?done=created";
    }

    /** The form again, the service's refusal at the fields it names. */
    private String refusedForm(SignedIn me, AutomationForm form, DomainException refused, Locale locale, Model model) {
        List<Field> fields = blocks(locale).stream().filter(b -> b.name().equals(form.block())).findFirst()
                .map(Block::fields).orElse(List.of());
        return form(me, form, AutomationForm.problems(refused.getMessage(), form.block(),
                fields.stream().map(Field::name).toList()), locale, model);
    }

    @GetMapping("/console/automations/{id}/edit")
    String edit(@AuthenticationPrincipal SignedIn me, @PathVariable String id, Locale locale, Model model) {
        Automation a = automations.get(me.tenantId(), automationId(id));
        Optional<AutomationForm> form = AutomationForm.of(a);
        if (form.isEmpty()) {
            return "redirect:/console/automations/" + a.id() + "?done=apiOnly";
        }
        model.addAttribute("editing", a.id());
        return form(me, form.get(), List.of(), locale, model);
    }

    @PostMapping("/console/automations/{id}/edit")
    String save(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                @RequestParam MultiValueMap<String, String> params, Locale locale, Model model,
                HttpServletResponse response) {
        UUID automation = automationId(id);
        AutomationForm form = AutomationForm.of(params);
        try {
            automations.replace(me.tenantId(), automation, form.input());
        } catch (DomainException refused) {
            if (refused instanceof NotFound) {
                throw refused;
            }
            response.setStatus(refused instanceof InvalidInput ? 400 : 409);
            model.addAttribute("editing", automation);
            return refusedForm(me, form, refused, locale, model);
        }
        return "redirect:/console/automations/" + automation + "?done=saved";
    }

    @GetMapping("/console/automations/{id}")
    String detail(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                  @RequestParam(defaultValue = "") String done, Locale locale, Model model) {
        Automation a = automations.get(me.tenantId(), automationId(id));
        model.addAttribute("done", DONE.contains(done) ? done : null);
        return show(me, a, locale, model);
    }

    @PostMapping("/console/automations/{id}/activate")
    String activate(@AuthenticationPrincipal SignedIn me, @PathVariable String id) {
        Automation a = automations.activate(me.tenantId(), automationId(id), true);
        return "redirect:/console/automations/" + a.id() + "?done=activated";
    }

    @PostMapping("/console/automations/{id}/deactivate")
    String deactivate(@AuthenticationPrincipal SignedIn me, @PathVariable String id) {
        Automation a = automations.activate(me.tenantId(), automationId(id), false);
        return "redirect:/console/automations/" + a.id() + "?done=deactivated";
    }

    @PostMapping("/console/automations/{id}/delete")
    String delete(@AuthenticationPrincipal SignedIn me, @PathVariable String id) {
        automations.delete(me.tenantId(), automationId(id));
        return "redirect:/console/automations?done=deleted";
    }

    /** What it would do for a document or a client, as the API's dry run answers: nothing is sent, made or moved. */
    @PostMapping("/console/automations/{id}/test")
    String test(@AuthenticationPrincipal SignedIn me, @PathVariable String id,
                @RequestParam(defaultValue = "") String documentId, @RequestParam(defaultValue = "") String clientId,
                Locale locale, Model model, HttpServletResponse response) {
        Automation a = automations.get(me.tenantId(), automationId(id));
        try {
            DryRun.Sample sample = new DryRun.Sample(sample(documentId, "documentId"), sample(clientId, "clientId"),
                    null);
            DryRun.Report report = dryRun.run(me.tenantId(), a, sample);
            model.addAttribute("report", report);
            model.addAttribute("tried", report.actions().stream().map(AutomationPages::tried).toList());
        } catch (InvalidInput refused) {
            response.setStatus(400);
            model.addAttribute("testError", refused.getMessage());
        }
        model.addAttribute("documentId", documentId);
        model.addAttribute("clientId", clientId);
        return show(me, a, locale, model);
    }

    @PostMapping("/console/automations/{id}/runs/{runId}/replay")
    String replay(@AuthenticationPrincipal SignedIn me, @PathVariable String id, @PathVariable String runId,
                  Locale locale, Model model, HttpServletResponse response) {
        Automation a = automations.get(me.tenantId(), automationId(id));
        try {
            automations.replay(me.tenantId(), a.id(), Ids.inPath(runId, "run"));
        } catch (DomainException refused) {
            if (refused instanceof NotFound) {
                throw refused;
            }
            response.setStatus(409);
            model.addAttribute("runError", refused.getMessage());
            return show(me, a, locale, model);
        }
        return "redirect:/console/automations/" + a.id() + "?done=replayed#runs";
    }

    private String show(SignedIn me, Automation a, Locale locale, Model model) {
        model.addAttribute("a", a);
        model.addAttribute("delay", delay(a, locale));
        model.addAttribute("otherConditions", AutomationForm.otherConditions(a.conditions()));
        model.addAttribute("editable", AutomationForm.of(a).isPresent());
        model.addAttribute("runs", automations.runs(me.tenantId(), a.id(), null, RUNS_SHOWN));
        boolean document = Variables.hasDocument(a.trigger());
        model.addAttribute("sampleDocuments", document
                ? documents.list(me.tenantId(), null, null, null, null, SAMPLES) : List.of());
        model.addAttribute("sampleClients", Variables.hasClient(a.trigger()) && !document
                ? clients.list(me.tenantId(), null, null, SAMPLES) : List.of());
        return "automation/automation";
    }

    private String form(SignedIn me, AutomationForm form, List<AutomationForm.Problem> problems, Locale locale,
                        Model model) {
        model.addAttribute("form", form);
        model.addAttribute("triggers", triggers(form.trigger()));
        model.addAttribute("blocks", blocks(locale));
        model.addAttribute("documentKinds", java.util.Arrays.stream(DocumentKind.values())
                .map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        model.addAttribute("units", List.of("minutes", "hours", "days"));
        model.addAttribute("problems", problems);
        Map<String, String> errors = new LinkedHashMap<>();
        problems.stream().filter(p -> p.field() != null)
                .forEach(p -> errors.merge(p.field(), p.message(), (x, y) -> x + "; " + y));
        model.addAttribute("errors", errors);
        // Offered as suggestions for move-card's pipeline and stage (the service says which ones exist when saving).
        List<Pipeline> all = pipelines.list(me.tenantId());
        model.addAttribute("pipelineNames", all.stream().map(Pipeline::name).toList());
        model.addAttribute("stageNames", all.stream().flatMap(p -> p.stages().stream()).map(Pipeline.Stage::name)
                .distinct().toList());
        return "automation/automation-new";
    }

    /** The offered triggers, and the one typed when it is not one of them (shown as it is). */
    private static List<String> triggers(String current) {
        if (current == null || current.isBlank() || TRIGGERS.contains(current)) {
            return TRIGGERS;
        }
        List<String> all = new ArrayList<>(TRIGGERS);
        all.add(current);
        return all;
    }

    /** The actions the form offers, each with the properties an automation gives (not the ones taken from the event). */
    private List<Block> blocks(Locale locale) {
        List<Block> all = new ArrayList<>();
        for (String name : BLOCK_ORDER) {
            BlockSpec spec = blocks.action(name).orElseThrow();
            Map<String, String> fromEvent = Automations.BLOCKS.get(name);
            List<Field> fields = new ArrayList<>();
            for (PropertySpec p : spec.properties()) {
                if (fromEvent.containsKey(p.name()) || NOT_IN_FORM.contains(p.type())) {
                    continue;
                }
                String kind = p.type() == PropertyType.BOOLEAN ? "checkbox"
                        : TEXTAREAS.contains(p.name()) ? "textarea" : "text";
                fields.add(new Field(AutomationForm.fieldId(name, p.name()), name + "." + p.name(), p.name(),
                        text(locale, p.title(), "automation.property." + name + "." + p.name(),
                                "automation.property." + p.name()),
                        text(locale, null, "automation.property." + name + "." + p.name() + ".hint",
                                "automation.property." + p.name() + ".hint"),
                        kind, p.required() && p.defaultValue() == null));
            }
            all.add(new Block(name, text(locale, spec.title(), "automation.block." + name), fields));
        }
        return all;
    }

    /** When it acts, in words: "Immediately", "3 days after the event", "2 days after the due date". */
    private String delay(Automation a, Locale locale) {
        Automation.Timing t = a.timing();
        boolean due = t != null && "dueDate".equals(t.from());
        if (t == null || t.after() == null || t.after() == 0) {
            return messages.getMessage(due ? "automation.timing.on-due-date" : "automation.timing.now", null, locale);
        }
        String unit = messages.getMessage("automation.unit." + t.unit(), null, t.unit(), locale);
        return messages.getMessage(due ? "automation.timing.after-due" : "automation.timing.after",
                new Object[] {t.after(), unit}, locale);
    }

    /** The first of these messages there is in the reader's language, else {@code fallback} (the block's own words). */
    private String text(Locale locale, String fallback, String... keys) {
        for (String key : keys) {
            String m = messages.getMessage(key, null, null, locale);
            if (m != null) {
                return m;
            }
        }
        return fallback;
    }

    private static TriedAction tried(DryRun.Action action) {
        List<Map.Entry<String, String>> properties = new ArrayList<>();
        JsonNode values = action.properties();
        if (values != null) {
            values.propertyNames().forEach(name -> {
                JsonNode v = values.get(name);
                properties.add(Map.entry(name, v == null || v.isNull() ? "" : v.isValueNode() ? v.asString() : v.toString()));
            });
        }
        return new TriedAction(action.block(), properties, action.problems());
    }

    private static UUID sample(String id, String field) {
        if (id.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(id.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field + ": not an id");
        }
    }

    private static UUID automationId(String id) {
        return Ids.inPath(id, "automation");
    }
}
