package dev.passerelle.automation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.connectors.BlockCalls;
import dev.passerelle.connectors.BlockSpec;
import dev.passerelle.connectors.PropertySpec;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.pipeline.Pipelines;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Languages;
import dev.passerelle.support.NotFound;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's automations: saved only when every action can run as written (its block exists and
 * may be used here, its properties are known and typed, its variables are ones the trigger
 * provides, its stage exists), so a mistake is told when saving, not found in a failed run later.
 */
@Service
public class Automations {

    /** The blocks an automation may use, and the properties each takes from the trigger when not given. */
    static final Map<String, Map<String, String>> BLOCKS = Map.of(
            "send-email", Map.of("to", "{{client.email}}", "language", "{{client.language}}"),
            "send-document", Map.of("documentId", "{{document.id}}"),
            "notify-team", Map.of(),
            "create-task", Map.of("clientId", "{{client.id}}", "documentId", "{{document.id}}"),
            "move-card", Map.of("clientId", "{{client.id}}"),
            "http-post", Map.of());
    static final int MAX_ACTIONS = 10;
    static final Set<String> UNITS = Set.of("minutes", "hours", "days");
    static final List<String> RUN_STATUSES = List.of("PENDING", "RUNNING", "DONE", "SKIPPED", "FAILED");
    private static final String TYPE_SHAPE = "[a-z_]+(\\.[a-z_]+)+";

    private final AutomationStore store;
    private final BlockCalls blocks;
    private final Pipelines pipelines;
    private final AutomationClock clock;
    /**
     * When an automation was made or changed: the application's clock, the one domain events are
     * stamped with, since the matcher compares the two. Runs are scheduled by {@link #clock}.
     */
    private final Clock recorded;
    private final TriggerTypes types;

    Automations(AutomationStore store, BlockCalls blocks, Pipelines pipelines, AutomationClock clock, Clock recorded,
                TriggerTypes types) {
        this.store = store;
        this.blocks = blocks;
        this.pipelines = pipelines;
        this.clock = clock;
        this.recorded = recorded;
        this.types = types;
    }

    @Transactional
    public Automation create(UUID tenantId, AutomationInput in) {
        Instant now = recorded.instant();
        Automation a = validated(tenantId, Ids.newId(), in, now, now);
        store.insert(tenantId, a);
        types.changed(a.trigger(), a.active());
        return a;
    }

    @Transactional
    public Automation replace(UUID tenantId, UUID id, AutomationInput in) {
        Automation old = get(tenantId, id);
        Automation a = validated(tenantId, id, in, old.createdAt(), recorded.instant());
        store.update(tenantId, a);
        types.changed(a.trigger(), a.active());
        return a;
    }

    /** Turns it on or off; pending runs of an inactive automation are skipped when they come due. */
    @Transactional
    public Automation activate(UUID tenantId, UUID id, boolean active) {
        Automation old = get(tenantId, id);
        Automation a = new Automation(old.id(), old.name(), old.trigger(), old.conditions(), old.actions(), old.timing(),
                old.oncePerContact(), active, old.createdAt(), recorded.instant());
        store.update(tenantId, a);
        types.changed(a.trigger(), a.active());
        return a;
    }

    @Transactional
    public void delete(UUID tenantId, UUID id) {
        if (!store.delete(tenantId, id, recorded.instant())) {
            throw new NotFound("automation " + id);
        }
    }

    public Automation get(UUID tenantId, UUID id) {
        return store.find(tenantId, id).orElseThrow(() -> new NotFound("automation " + id));
    }

    public List<Automation> list(UUID tenantId) {
        return store.list(tenantId);
    }

    /** The automation's runs, newest first, of one status when given (PENDING, RUNNING, DONE, SKIPPED, FAILED). */
    public List<AutomationRun> runs(UUID tenantId, UUID id, String status, int limit) {
        get(tenantId, id);
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        if (s != null && !RUN_STATUSES.contains(s)) {
            throw new InvalidInput("status: one of " + String.join(", ", RUN_STATUSES));
        }
        return store.runs(tenantId, id, s, limit);
    }

    /**
     * The latest runs of each of these automations, just listed for this tenant: one indexed read each
     * (newest {@code limit} by the run history index), without looking each automation up again.
     */
    public Map<UUID, List<AutomationRun>> latestRuns(UUID tenantId, List<Automation> listed, int limit) {
        Map<UUID, List<AutomationRun>> runs = new LinkedHashMap<>();
        for (Automation a : listed) {
            runs.put(a.id(), store.runs(tenantId, a.id(), null, limit));
        }
        return runs;
    }

    /** A FAILED or SKIPPED run due again now; the actions it already did are not done again. */
    @Transactional
    public AutomationRun replay(UUID tenantId, UUID id, UUID runId) {
        AutomationRun run = store.run(tenantId, id, runId).orElseThrow(() -> new NotFound("run " + runId));
        if (!store.replay(tenantId, id, runId, clock.now())) {
            throw new Conflict("run " + runId + " is " + run.status() + "; only a FAILED or SKIPPED run is replayed");
        }
        return store.run(tenantId, id, runId).orElseThrow();
    }

    /** When a run of the automation for this event is due: now, or after the delay from the event or the due date. */
    static Instant dueAt(Automation a, Facts f, Instant now) {
        Automation.Timing t = a.timing();
        if (t == null || t.after() == null || t.after() == 0) {
            return now;
        }
        Duration delay = switch (t.unit()) {
            case "minutes" -> Duration.ofMinutes(t.after());
            case "hours" -> Duration.ofHours(t.after());
            default -> Duration.ofDays(t.after());
        };
        if ("dueDate".equals(t.from())) {
            if (f.document() == null || f.document().dueDate() == null) {
                return now;
            }
            Instant due = f.document().dueDate().atStartOfDay(ZoneOffset.UTC).toInstant().plus(delay);
            return due.isBefore(now) ? now : due;
        }
        return now.plus(delay);
    }

    /** The properties a step runs with: its own, and the ones it takes from the trigger by default. */
    static Map<String, String> properties(String trigger, Automation.Step step) {
        Map<String, String> props = new LinkedHashMap<>();
        BLOCKS.getOrDefault(step.block(), Map.of()).forEach((name, value) -> {
            String root = Variables.in(value).get(0).split("\\.")[0];
            if (Variables.roots(trigger).contains(root)) {
                props.put(name, value);
            }
        });
        if (step.properties() != null) {
            props.putAll(step.properties());
        }
        return props;
    }

    private Automation validated(UUID tenantId, UUID id, AutomationInput in, Instant created, Instant now) {
        List<String> problems = new ArrayList<>();
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty()) {
            problems.add("name: required");
        } else if (name.length() > 200) {
            problems.add("name: at most 200 characters");
        }
        String trigger = in.trigger() == null ? "" : in.trigger().strip();
        if (!trigger.matches(TYPE_SHAPE)) {
            problems.add("trigger: expected a domain event type such as document.paid, document.sent, "
                    + "document.overdue, document.viewed, document.credited, shop.order_received, client.created, "
                    + "card.moved, task.due, task.done" + (trigger.isEmpty() ? "" : "; got '" + trigger + "'"));
            throw new InvalidInput(String.join("; ", problems));
        }
        Automation.Conditions conditions = in.conditions() == null ? Automation.Conditions.NONE : in.conditions();
        conditions(trigger, conditions, problems);
        Automation.Timing timing = timing(trigger, in.timing(), problems);
        boolean once = Boolean.TRUE.equals(in.oncePerContact());
        if (once && !Variables.hasClient(trigger)) {
            problems.add("oncePerContact: a " + trigger + " event is not about a client, so there is no contact to run "
                    + "once for");
        }
        List<Automation.Step> actions = in.actions() == null ? List.of() : in.actions();
        if (actions.isEmpty()) {
            problems.add("actions: give at least one action, e.g. {\"block\": \"notify-team\", \"properties\": "
                    + "{\"subject\": \"...\", \"body\": \"...\"}}; blocks: " + String.join(", ", new java.util.TreeSet<>(BLOCKS.keySet())));
        } else if (actions.size() > MAX_ACTIONS) {
            problems.add("actions: at most " + MAX_ACTIONS);
        }
        for (int i = 0; i < actions.size(); i++) {
            action(tenantId, trigger, "actions[" + i + "]", actions.get(i), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        List<Automation.Step> kept = actions.stream().map(s -> new Automation.Step(s.block().strip(),
                s.properties() == null ? Map.of() : Map.copyOf(s.properties()))).toList();
        return new Automation(id, name, trigger, conditions, kept, timing, once, in.active() == null || in.active(),
                created, now);
    }

    private static void conditions(String trigger, Automation.Conditions c, List<String> problems) {
        boolean document = Variables.hasDocument(trigger);
        if (!document && (c.documentKind() != null || c.totalAtLeast() != null || c.totalAtMost() != null
                || c.currency() != null || c.unpaid() != null)) {
            problems.add("conditions: documentKind, totalAtLeast, totalAtMost, currency and unpaid need a trigger about "
                    + "a document (document.*); " + trigger + " is not");
        }
        if (c.documentKind() != null && java.util.Arrays.stream(DocumentKind.values())
                .noneMatch(k -> k.name().equalsIgnoreCase(c.documentKind()))) {
            problems.add("conditions.documentKind: expected one of invoice, credit_note, order_confirmation, "
                    + "delivery_note; got '" + c.documentKind() + "'");
        }
        if (c.currency() != null && !c.currency().matches("[A-Za-z]{3}")) {
            problems.add("conditions.currency: expected an ISO 4217 code such as EUR; got '" + c.currency() + "'");
        }
        if ((c.clientCountry() != null || c.clientLanguage() != null) && !Variables.hasClient(trigger)) {
            problems.add("conditions: clientCountry and clientLanguage need a trigger about a client; " + trigger
                    + " is not");
        }
        if (c.clientCountry() != null && !c.clientCountry().matches("[A-Za-z]{2}")) {
            problems.add("conditions.clientCountry: expected an ISO 3166-1 alpha-2 code such as BE; got '"
                    + c.clientCountry() + "'");
        }
        if (c.clientLanguage() != null && !Languages.isSupported(c.clientLanguage())) {
            problems.add("conditions.clientLanguage: expected one of " + String.join(", ", Languages.SUPPORTED)
                    + "; got '" + c.clientLanguage() + "'");
        }
        if (c.stage() != null && !trigger.startsWith("card.")) {
            problems.add("conditions.stage: needs a card trigger (card.moved, card.created); " + trigger + " is not");
        }
    }

    private static Automation.Timing timing(String trigger, Automation.Timing t, List<String> problems) {
        if (t == null || t.after() == null || t.after() == 0) {
            if (t != null && "dueDate".equals(t.from())) {
                return new Automation.Timing(0, "days", "dueDate");
            }
            return Automation.Timing.IMMEDIATELY;
        }
        String unit = t.unit() == null ? "days" : t.unit().strip().toLowerCase(Locale.ROOT);
        String from = t.from() == null ? "event" : t.from().strip();
        if (!UNITS.contains(unit)) {
            problems.add("timing.unit: expected minutes, hours or days; got '" + t.unit() + "'");
        }
        if (!from.equals("event") && !from.equals("dueDate")) {
            problems.add("timing.from: expected event or dueDate; got '" + t.from() + "'");
        }
        if (from.equals("dueDate") && !Variables.hasDocument(trigger)) {
            problems.add("timing.from: dueDate needs a trigger about a document; " + trigger + " is not");
        }
        if (t.after() < 0 || t.after() > 366 * 24 * 60 || (unit.equals("days") && t.after() > 366)
                || (unit.equals("hours") && t.after() > 366 * 24)) {
            problems.add("timing.after: between 0 and a year; got " + t.after() + " " + unit);
        }
        return new Automation.Timing(t.after(), unit, from);
    }

    private void action(UUID tenantId, String trigger, String at, Automation.Step step, List<String> problems) {
        String block = step == null || step.block() == null ? "" : step.block().strip();
        if (!BLOCKS.containsKey(block)) {
            problems.add(at + ".block: " + (block.isEmpty() ? "required" : "'" + block + "' is not an automation's "
                    + "action") + "; one of " + String.join(", ", new java.util.TreeSet<>(BLOCKS.keySet())));
            return;
        }
        BlockSpec spec = blocks.action(block).orElseThrow();
        Map<String, String> props = properties(trigger, new Automation.Step(block, step.properties()));
        ObjectNode sample = JsonNodeFactory.instance.objectNode();
        props.forEach((name, value) -> {
            String where = at + ".properties." + name;
            if (value == null || value.isBlank()) {
                problems.add(where + ": empty; give a text, or leave the property out");
                return;
            }
            Variables.problems(value, trigger).forEach(p -> problems.add(where + ": " + p));
            PropertySpec p = spec.property(name).orElse(null);
            sample.put(name, Variables.in(value).isEmpty() || p == null ? value : sampleOf(p));
        });
        blocks.problems(block, sample).forEach(p -> problems.add(at + ".properties" + (p.field().isEmpty() ? "" : "."
                + p.field()) + ": " + p.message()));
        switch (block) {
            case "send-email" -> {
                if (!Variables.hasClient(trigger)) {
                    problems.add(at + ": emails the customer, but a " + trigger + " event is not about a client, so "
                            + "there is no customer e-mail; notify the team with notify-team instead");
                } else if (!"{{client.email}}".equals(props.get("to").replace(" ", ""))) {
                    problems.add(at + ".properties.to: an automation emails the customer ({{client.email}}); to "
                            + "email your team, use notify-team");
                }
                // The sender's name becomes a header: one line, told now rather than in a failed run.
                if (props.get("fromName") != null && props.get("fromName").chars().anyMatch(Character::isISOControl)) {
                    problems.add(at + ".properties.fromName: one line, no line breaks");
                }
            }
            case "send-document", "move-card" -> {
                String needs = block.equals("send-document") ? "documentId" : "clientId";
                if (!props.containsKey(needs)) {
                    problems.add(at + ".properties." + needs + ": required, and a " + trigger + " event has no "
                            + (block.equals("send-document") ? "document" : "client") + " to take it from");
                }
            }
            default -> {
            }
        }
        if (block.equals("move-card") && props.get("pipeline") != null && props.get("stage") != null
                && Variables.in(props.get("pipeline")).isEmpty() && Variables.in(props.get("stage")).isEmpty()) {
            String why = pipelines.stageProblem(tenantId, props.get("pipeline").strip(), props.get("stage").strip());
            if (why != null) {
                problems.add(at + ": " + why);
            }
        }
    }

    /** A value of the property's type, standing for a variable when the block checks its properties' types. */
    private static String sampleOf(PropertySpec p) {
        return switch (p.type()) {
            case UUID -> "00000000-0000-7000-8000-000000000000";
            case EMAIL -> "someone@example.com";
            case INTEGER, DECIMAL -> "1";
            case DATE -> "2026-01-01";
            case URL -> "https://example.com/";
            case BOOLEAN -> "true";
            default -> "text";
        };
    }
}
