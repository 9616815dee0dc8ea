package dev.passerelle.automation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

import dev.passerelle.support.InvalidInput;

/**
 * The console's automation form as typed: one action (the API takes up to ten), whose fields are
 * named after their block ({@code send-email.subject}) so that each action's fieldset keeps its
 * own values. It only reads what was typed into an {@link AutomationInput}; every rule is
 * {@link Automations}' own, and its refusal is split back onto the fields it names.
 */
record AutomationForm(String name, String trigger, String block, Map<String, Map<String, String>> properties,
                      String after, String unit, String from, String documentKind, boolean unpaid,
                      boolean oncePerContact, boolean active) {

    static AutomationForm empty() {
        return new AutomationForm("", "document.paid", "send-email", Map.of(), "", "days", "event", "", false, false,
                true);
    }

    /**
     * The form filled in from a saved automation, when the form can hold all of it: one action and
     * no condition but the document's kind and "unpaid" (others are made through the API, and
     * saving the form would drop what it cannot show).
     */
    static Optional<AutomationForm> of(Automation a) {
        Automation.Conditions c = a.conditions() == null ? Automation.Conditions.NONE : a.conditions();
        if (a.actions().size() != 1 || !otherConditions(c).isEmpty()) {
            return Optional.empty();
        }
        Automation.Step step = a.actions().get(0);
        Automation.Timing t = a.timing();
        return Optional.of(new AutomationForm(a.name(), a.trigger(), step.block(),
                Map.of(step.block(), step.properties() == null ? Map.of() : step.properties()),
                t == null || t.after() == null ? "" : t.after().toString(), t == null || t.unit() == null ? "days" : t.unit(),
                t == null || t.from() == null ? "event" : t.from(), c.documentKind() == null ? "" : c.documentKind(),
                Boolean.TRUE.equals(c.unpaid()), a.oncePerContact(), a.active()));
    }

    /** The conditions the form does not offer (set through the API), as they are named there. */
    static List<Map.Entry<String, String>> otherConditions(Automation.Conditions c) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        if (c == null) {
            return all;
        }
        java.util.function.BiConsumer<String, Object> add = (name, value) -> {
            if (value != null) {
                all.add(Map.entry(name, value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString()));
            }
        };
        add.accept("totalAtLeast", c.totalAtLeast());
        add.accept("totalAtMost", c.totalAtMost());
        add.accept("currency", c.currency());
        add.accept("clientCountry", c.clientCountry());
        add.accept("clientLanguage", c.clientLanguage());
        add.accept("stage", c.stage());
        return all;
    }

    /** The posted fields; a checkbox is on when posted at all. */
    static AutomationForm of(MultiValueMap<String, String> params) {
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        params.forEach((key, values) -> {
            int dot = key.indexOf('.');
            if (dot > 0 && Automations.BLOCKS.containsKey(key.substring(0, dot)) && !values.isEmpty()) {
                properties.computeIfAbsent(key.substring(0, dot), b -> new LinkedHashMap<>())
                        .put(key.substring(dot + 1), values.get(0));
            }
        });
        return new AutomationForm(first(params, "name"), first(params, "trigger"), first(params, "block"), properties,
                first(params, "after"), first(params, "unit"), first(params, "from"), first(params, "documentKind"),
                params.containsKey("unpaid"), params.containsKey("oncePerContact"), params.containsKey("active"));
    }

    /** What was typed into a block's field ("" when nothing). */
    public String value(String forBlock, String property) {
        String v = properties.getOrDefault(forBlock, Map.of()).get(property);
        return v == null ? "" : v;
    }

    /** The chosen action's fields that were filled in (an empty field is left out: the block's default applies). */
    AutomationInput input() {
        Map<String, String> props = new LinkedHashMap<>();
        properties.getOrDefault(block, Map.of()).forEach((property, value) -> {
            if (value != null && !value.isBlank()) {
                // Browsers send a textarea's line breaks as CR LF; the emails and tasks are written with LF.
                props.put(property, value.replace("\r\n", "\n").strip());
            }
        });
        Automation.Timing timing = null;
        if (after != null && !after.isBlank()) {
            try {
                timing = new Automation.Timing(Integer.valueOf(after.strip()), blankToNull(unit), blankToNull(from));
            } catch (NumberFormatException e) {
                throw new InvalidInput("timing.after: a whole number, such as 3");
            }
        }
        String kind = blankToNull(documentKind);
        Automation.Conditions conditions = kind == null && !unpaid ? null
                : new Automation.Conditions(kind, null, null, null, null, null, null, unpaid ? Boolean.TRUE : null);
        return new AutomationInput(name, trigger, conditions,
                List.of(new Automation.Step(blankToNull(block), props)), timing, oncePerContact, active);
    }

    /** A problem the service found, at the form field it names (null: the form as a whole). */
    record Problem(String field, String message) {
    }

    /**
     * Where a problem starts in the service's message: its field path then ": ". A message's own
     * text may hold "; " too ("...; got 'x'", "...; known: ..."), so only a known path starts one.
     */
    private static final Pattern STARTS = Pattern.compile("^(name|trigger|oncePerContact|actions(\\[\\d+])?"
            + "(\\.block|\\.properties(\\.[A-Za-z]+)?)?|conditions(\\.[A-Za-z]+)?|timing(\\.[A-Za-z]+)?): .*",
            Pattern.DOTALL);

    /** The service's refusal, one problem each, at the field of this form it names. */
    static List<Problem> problems(String refusal, String block, List<String> blockFields) {
        List<String> parts = new ArrayList<>();
        for (String piece : refusal.split("; ")) {
            if (parts.isEmpty() || STARTS.matcher(piece).matches()) {
                parts.add(piece);
            } else {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "; " + piece);
            }
        }
        return parts.stream().map(p -> new Problem(field(p, block, blockFields), p)).toList();
    }

    private static String field(String problem, String block, List<String> blockFields) {
        if (!STARTS.matcher(problem).matches()) {
            return null;
        }
        String path = problem.substring(0, problem.indexOf(": "));
        if (path.startsWith("actions")) {
            int at = path.indexOf(".properties.");
            if (at > 0) {
                String property = path.substring(at + ".properties.".length());
                if (blockFields.contains(property)) {
                    return fieldId(block, property);
                }
            }
            // move-card's pipeline and stage are checked together (Pipelines.stageProblem): the one it names.
            if ("move-card".equals(block) && path.matches("actions\\[\\d+]")) {
                if (problem.contains("has no stage") && blockFields.contains("stage")) {
                    return fieldId(block, "stage");
                }
                if (problem.contains("no pipeline") && blockFields.contains("pipeline")) {
                    return fieldId(block, "pipeline");
                }
            }
            return "block";
        }
        return switch (path) {
            case "name", "trigger", "oncePerContact" -> path;
            case "timing", "timing.after" -> "after";
            case "timing.unit" -> "unit";
            case "timing.from" -> "from";
            case "conditions.unpaid" -> "unpaid";
            default -> path.startsWith("conditions") ? "documentKind" : null;
        };
    }

    /** The id of a block's field in the page (and of its error: the id followed by "-error"). */
    static String fieldId(String block, String property) {
        return "p-" + block + "-" + property;
    }

    private static String first(MultiValueMap<String, String> params, String name) {
        String v = params.getFirst(name);
        return v == null ? "" : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
