package dev.passerelle.connectors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue in {@code connectors/README.md} and one JSON Schema per block in
 * {@code connectors/<block>.json}, written from the same {@link BlockSpec}s the validator checks
 * routes against (a test fails when the files are stale).
 */
public final class CatalogDocs {

    public static final String BEGIN = "<!-- catalogue: generated from the building blocks' metadata; do not edit -->";
    public static final String END = "<!-- end of catalogue -->";

    private CatalogDocs() {
    }

    /** File name → content of every block's JSON Schema. */
    public static Map<String, String> schemas(List<BlockSpec> specs) {
        Map<String, String> files = new LinkedHashMap<>();
        for (BlockSpec spec : specs) {
            ObjectNode schema = ExactJson.MAPPER.createObjectNode();
            schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            schema.put("$id", "passerelle:" + spec.name());
            schema.put("title", spec.title());
            schema.put("description", spec.description());
            schema.put("x-passerelle-role", spec.role().name().toLowerCase());
            schema.put("x-passerelle-output", spec.output());
            if (spec.direct()) {
                schema.put("x-passerelle-http", "POST /api/v1/actions/" + spec.name());
            } else if (spec.role() == BlockSpec.Role.ACTION) {
                schema.put("x-passerelle-route-only", spec.routeOnly());
            }
            schema.put("type", "object");
            ArrayNode required = schema.putArray("required");
            spec.properties().stream().filter(p -> p.required() && p.defaultValue() == null)
                    .forEach(p -> required.add(p.name()));
            ObjectNode properties = schema.putObject("properties");
            for (PropertySpec p : spec.properties()) {
                ObjectNode property = properties.putObject(p.name());
                property.put("title", p.title());
                if (p.description() != null) {
                    property.put("description", p.description());
                }
                property.put("type", p.type().jsonType());
                if (p.type().format() != null) {
                    property.put("format", p.type().format());
                }
                if (p.type() == PropertyType.SECRET) {
                    property.put("x-passerelle-secret", true);
                }
                if (p.type() == PropertyType.LINES) {
                    ObjectNode line = property.putObject("items");
                    line.put("type", "object");
                    ObjectNode fields = line.putObject("properties");
                    for (String f : CreateDocumentAction.LINE_FIELDS) {
                        ObjectNode field = fields.putObject(f);
                        switch (f) {
                            case "description", "sku" -> field.put("type", "string");
                            case "productId" -> field.put("type", "string").put("format", "uuid");
                            default -> field.putArray("type").add("number").add("string");
                        }
                    }
                    line.put("additionalProperties", false);
                }
                if (spec.direct() && !p.direct()) {
                    property.put("x-passerelle-route-only", true);
                }
                if (p.defaultValue() != null) {
                    property.put("default", p.defaultValue());
                }
                if (!p.choices().isEmpty()) {
                    ArrayNode choices = property.putArray("enum");
                    p.choices().forEach(choices::add);
                }
                if (p.example() != null) {
                    property.putArray("examples").add(p.example());
                }
            }
            if (spec.role() == BlockSpec.Role.ACTION) {
                properties.putObject(Catalog.STEP).put("title", "Step name")
                        .put("description", "Names this step: its effect is kept under (installation, event, step). "
                                + "Needed only when a route uses the same block with the same properties twice.")
                        .put("type", "string");
            }
            schema.put("additionalProperties", false);
            files.put(spec.name() + ".json", ExactJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n");
        }
        return files;
    }

    /** The catalogue section of connectors/README.md, between {@link #BEGIN} and {@link #END}. */
    public static String catalogue(List<BlockSpec> specs) {
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
        for (BlockSpec.Role role : BlockSpec.Role.values()) {
            md.append("## ").append(role == BlockSpec.Role.TRIGGER ? "Triggers (`from`)" : "Actions (`to`)").append("\n\n");
            for (BlockSpec spec : specs) {
                if (spec.role() != role) {
                    continue;
                }
                md.append("### `passerelle:").append(spec.name()).append("` — ").append(spec.title()).append("\n\n")
                        .append(spec.description()).append("\n\n");
                if (spec.direct()) {
                    List<String> routeOnly = spec.properties().stream().filter(p -> !p.direct())
                            .map(p -> "`" + p.name() + "`").toList();
                    md.append("Over HTTP: `POST /api/v1/actions/").append(spec.name()).append("`")
                            .append(routeOnly.isEmpty() ? "" : " (without " + String.join(", ", routeOnly)
                                    + ", which only routes give)").append(".\n\n");
                } else if (spec.role() == BlockSpec.Role.ACTION) {
                    md.append("Routes only: ").append(spec.routeOnly()).append(".\n\n");
                }
                md.append("| property | type | required | default | description | example |\n|---|---|---|---|---|---|\n");
                for (PropertySpec p : spec.properties()) {
                    md.append("| `").append(p.name()).append("` | ").append(type(p)).append(" | ")
                            .append(p.required() && p.defaultValue() == null ? "yes" : "no").append(" | ")
                            .append(code(p.defaultValue())).append(" | ")
                            .append(escape(p.title() + (p.description() == null ? "" : ": " + p.description())))
                            .append(" | ").append(code(p.example())).append(" |\n");
                }
                md.append("\n**Output:** ").append(spec.output()).append(" Schema: [`").append(spec.name())
                        .append(".json`](").append(spec.name()).append(".json).\n\n");
            }
        }
        return md.append(END).append("\n").toString();
    }

    private static String type(PropertySpec p) {
        String t = p.type().name().toLowerCase().replace('_', ' ');
        return p.choices().isEmpty() ? t : t + " (" + String.join(", ", p.choices()) + ")";
    }

    private static String code(String text) {
        return text == null || text.isEmpty() ? "" : "`" + escape(text) + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
