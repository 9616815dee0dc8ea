package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns a JSON list into CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a
 * comma, a quote or a line break). camel-csv is not served at the project's Camel version; this
 * is the small part of it routes need.
 */
@Component
class CsvAction implements Action {

    @Override
    public BlockSpec spec() {
        return new BlockSpec("to-csv", BlockSpec.Role.ACTION, "To CSV",
                "Writes a JSON list as CSV text, one row per item, one column per path.",
                List.of(required("columns", PropertyType.TEXT, "Columns", "Comma-separated paths into each item "
                                + "(a.b for nested fields); each is also the column's header.",
                                "number,issueDate,clientName,total,currency"),
                        optional("items", PropertyType.TEMPLATE, "Items", "The list.", "${body}", "${body}"),
                        optional("header", PropertyType.BOOLEAN, "Header row", null, "true", "false")),
                "The CSV text.")
                // A transformation of what an earlier step of a route returned: a caller over HTTP holds its data.
                .routeOnly("it turns an earlier step's list into CSV; over HTTP there is no earlier step");
    }

    @Override
    public Effect effect() {
        return Effect.NONE;
    }

    @Override
    public JsonNode run(ActionCall call) {
        JsonNode items = call.node("items");
        if (!items.isArray()) {
            throw new ActionException("items: expected a JSON list, got " + items.getNodeType());
        }
        List<String> columns = Arrays.stream(call.requiredText("columns").split(",")).map(String::strip)
                .filter(c -> !c.isEmpty()).toList();
        StringBuilder csv = new StringBuilder();
        if (call.bool("header")) {
            csv.append(String.join(",", columns.stream().map(CsvAction::field).toList())).append("\r\n");
        }
        for (JsonNode item : items) {
            csv.append(String.join(",", columns.stream().map(c -> field(Templates.text(at(item, c)))).toList()))
                    .append("\r\n");
        }
        return JsonNodeFactory.instance.stringNode(csv.toString());
    }

    private static JsonNode at(JsonNode item, String path) {
        JsonNode node = item;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    static String field(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
