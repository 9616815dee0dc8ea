package dev.passerelle.connectors;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;

/**
 * The {@code ${root.path}} placeholders of block properties, resolved per run. Camel's own
 * {@code {{...}}} placeholders are resolved once when a route starts, so they cannot carry what
 * differs per tenant or per event; these are resolved for each exchange.
 *
 * <p>Roots: {@code install} (the installation's parameters), {@code event} (the trigger's data),
 * {@code body} (what the previous step returned), {@code trigger} ({@code id}, {@code type},
 * {@code at}), {@code tenant.id}, {@code run.id}, {@code today} and {@code yesterday} (the
 * trigger's date in UTC, so a run replayed later sees the same days) and {@code now}; inside a mapping applied to each item of a list, {@code item}. A path walks JSON objects
 * by name and arrays by index ({@code ${event.line_items.0.sku}}).
 */
public final class Templates {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z0-9_-]+)*)}");
    public static final Set<String> ROOTS = Set.of("install", "event", "body", "trigger", "tenant", "run", "today",
            "yesterday", "now", "item");

    private Templates() {
    }

    /** A {@code ${root.path}} found in a value. */
    public record Reference(String root, String path) {

        /** The first path segment: the parameter's name for {@code install}. */
        public String name() {
            int dot = path.indexOf('.', 1);
            return path.isEmpty() ? "" : path.substring(1, dot < 0 ? path.length() : dot);
        }
    }

    public static boolean isTemplate(String value) {
        return value != null && value.contains("${");
    }

    /** Every placeholder in {@code value}. */
    public static List<Reference> references(String value) {
        List<Reference> found = new ArrayList<>();
        if (value == null) {
            return found;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            found.add(new Reference(m.group(1), m.group(2)));
        }
        return found;
    }

    /** Text left over once placeholders are removed that still looks like one (a typo such as {@code ${body.}}). */
    public static String malformed(String value) {
        String rest = PLACEHOLDER.matcher(value).replaceAll("");
        int at = rest.indexOf("${");
        return at < 0 ? null : rest.substring(at, Math.min(rest.length(), at + 30));
    }

    /** What templates can see during one step. */
    public record Scope(RunContext run, JsonNode body, Map<String, JsonNode> extra, Clock clock) {

        public Scope with(String root, JsonNode value) {
            Map<String, JsonNode> more = new java.util.HashMap<>(extra);
            more.put(root, value);
            return new Scope(run, body, more, clock);
        }

        JsonNode root(String name) {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (name) {
                case "install" -> run.parameters();
                case "event" -> run.payload();
                case "body" -> body;
                case "tenant" -> nodes.objectNode().put("id", run.tenantId().toString());
                case "run" -> nodes.objectNode().put("id", run.runId() == null ? "" : run.runId().toString());
                case "trigger" -> nodes.objectNode().put("id", run.triggerId().toString()).put("type", run.trigger())
                        .put("at", run.triggeredAt().toString());
                case "today" -> nodes.stringNode(run.triggerDate().toString());
                case "yesterday" -> nodes.stringNode(run.triggerDate().minusDays(1).toString());
                case "now" -> nodes.stringNode(clock.instant().toString());
                default -> extra.getOrDefault(name, MissingNode.getInstance());
            };
        }
    }

    /**
     * Resolves a value. A value that is exactly one placeholder gives the JSON it points at (an
     * object, a list, a number); otherwise the placeholders are replaced by their text.
     */
    public static JsonNode resolve(String value, Scope scope) {
        if (value == null) {
            return MissingNode.getInstance();
        }
        Matcher m = PLACEHOLDER.matcher(value);
        if (m.matches()) {
            return lookup(scope, m.group(1), m.group(2));
        }
        if (!value.contains("${")) {
            return JsonNodeFactory.instance.stringNode(value);
        }
        StringBuilder out = new StringBuilder();
        m.reset();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(text(lookup(scope, m.group(1), m.group(2)))));
        }
        m.appendTail(out);
        return JsonNodeFactory.instance.stringNode(out.toString());
    }

    /**
     * Renders text in which each placeholder's text is passed through {@code escape} first (JSON
     * string escaping for a JSON body, so a value can never break out of its quotes).
     */
    public static String render(String template, Scope scope, java.util.function.UnaryOperator<String> escape) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(text(lookup(scope, m.group(1), m.group(2))))));
        }
        m.appendTail(out);
        return out.toString();
    }

    static JsonNode lookup(Scope scope, String root, String path) {
        JsonNode node = scope.root(root);
        if (node == null) {
            return MissingNode.getInstance();
        }
        for (String segment : path.isEmpty() ? new String[0] : path.substring(1).split("\\.")) {
            if (node.isArray() && segment.chars().allMatch(Character::isDigit)) {
                node = node.path(Integer.parseInt(segment));
            } else {
                node = node.path(segment);
            }
        }
        return node;
    }

    /** A value as text: strings as they are, numbers plainly, missing and null as empty. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNumber()) {
            return node.decimalValue().toPlainString();
        }
        return node.toString();
    }
}
