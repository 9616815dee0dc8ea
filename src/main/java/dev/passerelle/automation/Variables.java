package dev.passerelle.automation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The {@code {{root.field}}} values an automation's texts may hold, which of them a trigger
 * provides, and the rendering of a text against one run's {@link Facts}. {@code event.*} is the
 * triggering event's own payload, any field of it.
 */
final class Variables {

    static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)\\s*}}");

    static final Map<String, Set<String>> FIELDS = Map.of(
            "client", Set.of("id", "name", "company", "email", "phone", "language", "country", "vatNumber"),
            "document", Set.of("id", "number", "kind", "status", "total", "totalNet", "balance", "currency", "issueDate",
                    "dueDate", "publicUrl"),
            "card", Set.of("id", "pipeline", "stage", "fromStage"),
            "task", Set.of("id", "title", "notes", "dueAt", "assignee", "done"),
            "company", Set.of("name", "email", "phone"),
            "trigger", Set.of("type", "at", "id"));

    private Variables() {
    }

    /** What a trigger is about: the roots its runs can fill. */
    static Set<String> roots(String trigger) {
        Set<String> roots = new LinkedHashSet<>(List.of("company", "trigger", "event"));
        if (trigger.startsWith("document.")) {
            roots.add("document");
            roots.add("client");
        } else if (trigger.startsWith("client.")) {
            roots.add("client");
        } else if (trigger.startsWith("card.")) {
            roots.add("card");
            roots.add("client");
        } else if (trigger.startsWith("task.")) {
            roots.add("task");
            roots.add("client");
            roots.add("document");
        }
        return roots;
    }

    static boolean hasClient(String trigger) {
        return roots(trigger).contains("client");
    }

    static boolean hasDocument(String trigger) {
        return roots(trigger).contains("document");
    }

    /** The variables named in a text. */
    static List<String> in(String text) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** Why a text's variables do not fit the trigger (one message each), or none. */
    static List<String> problems(String text, String trigger) {
        List<String> problems = new ArrayList<>();
        String stripped = VARIABLE.matcher(text).replaceAll("");
        int open = stripped.indexOf("{{");
        if (open >= 0 || stripped.contains("}}")) {
            problems.add("a '{{' or '}}' that is not a variable near '"
                    + stripped.substring(Math.max(0, open), Math.min(stripped.length(), Math.max(0, open) + 30))
                    + "'; write variables as {{client.name}}");
        }
        Set<String> roots = roots(trigger);
        for (String v : in(text)) {
            String root = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
            String field = v.contains(".") ? v.substring(v.indexOf('.') + 1) : "";
            if (root.equals("event")) {
                continue;
            }
            Set<String> fields = FIELDS.get(root);
            if (fields == null || field.isEmpty() || !fields.contains(field)) {
                problems.add("unknown variable {{" + v + "}}; known: " + known(roots));
            } else if (!roots.contains(root)) {
                problems.add("{{" + v + "}}: a " + trigger + " event is not about a " + root + "; with this trigger: "
                        + known(roots));
            }
        }
        return problems;
    }

    static String known(Set<String> roots) {
        Set<String> all = new TreeSet<>();
        for (String root : roots) {
            if (root.equals("event")) {
                all.add("{{event.<any field of the event>}}");
            } else {
                FIELDS.get(root).forEach(f -> all.add("{{" + root + "." + f + "}}"));
            }
        }
        return String.join(", ", all);
    }

    /** The text with each variable replaced by its value in this run (empty when the run has none). */
    static String render(String text, JsonNode values) {
        if (text == null) {
            return null;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode node = values;
            for (String segment : m.group(1).split("\\.")) {
                node = node.path(segment);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text(node)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isNumber()) {
            return node.decimalValue().toPlainString();
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }
}
