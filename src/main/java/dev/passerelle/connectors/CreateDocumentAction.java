package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentDraft;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.LineInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates a document from mapped lines, once per external id; issues it if asked. */
@Component
class CreateDocumentAction implements Action {

    static final List<String> LINE_FIELDS = List.of("description", "sku", "quantity", "unitPrice", "discount",
            "taxRate", "productId");

    private final Documents documents;
    private final JsonMapper json;

    CreateDocumentAction(Documents documents, JsonMapper json) {
        this.documents = documents;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("create-document", BlockSpec.Role.ACTION, "Create a document",
                "Creates an invoice, order confirmation or delivery note for a client from a list of items, each "
                        + "mapped to a line. With an external id, asking twice gives the same document.",
                List.of(required("kind", PropertyType.TEXT, "Kind", "What to create.", "invoice")
                                .withChoices("invoice", "order_confirmation", "delivery_note"),
                        required("clientId", PropertyType.UUID, "Client", "The client's id, e.g. from a previous "
                                + "upsert-client step.", "${body.id}"),
                        required("items", PropertyType.TEMPLATE, "Items", "A JSON list; each item becomes a line "
                                + "through lineMapping.", "${event.items}"),
                        optional("lineMapping", PropertyType.MAPPING, "Line mapping",
                                "A JSON object of line field → template over ${item}, for any of: "
                                        + String.join(", ", LINE_FIELDS) + ". Without it each item's own fields of "
                                        + "those names are used.",
                                null, "{\"description\": \"${item.title}\", \"quantity\": \"${item.qty}\", "
                                        + "\"unitPrice\": \"${item.price}\", \"taxRate\": \"21\"}"),
                        optional("currency", PropertyType.TEXT, "Currency", "ISO 4217.", "EUR", "EUR"),
                        optional("pricesIncludeTax", PropertyType.BOOLEAN, "Prices include tax", null, "false", "true"),
                        optional("externalId", PropertyType.TEXT, "External id", "The document's id in the other "
                                + "system: one document per id.", null, "${event.id}"),
                        optional("source", PropertyType.TEXT, "Source", "Names the other system in the external "
                                + "reference.", "route", "crm"),
                        optional("issue", PropertyType.BOOLEAN, "Issue", "Issue it at once (it gets its number).",
                                "false", "true"),
                        optional("dueDate", PropertyType.DATE, "Due date", "Else the tenant's payment terms.", null,
                                "${event.due}"),
                        optional("note", PropertyType.TEXT, "Note to the client", null, null, "Thank you!")),
                "The document as stored (id, number, status, totals, lines).");
    }

    @Override
    public Effect effect() {
        return Effect.TRANSACTIONAL;
    }

    @Override
    public JsonNode run(ActionCall call) {
        JsonNode items = call.node("items");
        if (items.isString()) {
            items = ExactJson.MAPPER.readTree(items.asString());
        }
        if (!items.isArray() || items.isEmpty()) {
            throw new ActionException("items: expected a non-empty JSON list, got " + Templates.text(items));
        }
        JsonNode mapping = call.mapping("lineMapping");
        List<LineInput> lines = new ArrayList<>();
        for (JsonNode item : items) {
            Templates.Scope scope = call.scope().with("item", item);
            JsonNode m = mapping.isEmpty() ? identity() : mapping;
            lines.add(new LineInput(LineInput.Type.ITEM, call.field(m, "description", scope), call.field(m, "sku", scope),
                    uuid(call.field(m, "productId", scope)), decimal(call.field(m, "quantity", scope), "quantity"),
                    decimal(call.field(m, "unitPrice", scope), "unitPrice"),
                    decimal(call.field(m, "discount", scope), "discount"),
                    decimal(call.field(m, "taxRate", scope), "taxRate"), null, null, null));
        }
        String externalId = call.text("externalId");
        ExternalRef ref = externalId == null ? null
                : new ExternalRef(call.requiredText("source"), call.run().installationId(), externalId);
        DocumentKind kind = DocumentKind.valueOf(call.requiredText("kind").toUpperCase(Locale.ROOT));
        DocumentDraft draft = new DocumentDraft(kind, call.requiredUuid("clientId"), call.text("currency"),
                call.bool("pricesIncludeTax"), lines, call.text("note"), null, null, call.date("dueDate"), null, ref);
        Document document = documents.createOnce(call.tenantId(), draft, "route " + call.run().routeId()).document();
        if (call.bool("issue") && document.number() == null) {
            document = documents.issue(call.tenantId(), document.id(), "route " + call.run().routeId());
        }
        return json.valueToTree(document);
    }

    private JsonNode identity() {
        var m = json.createObjectNode();
        LINE_FIELDS.forEach(f -> m.put(f, "${item." + f + "}"));
        return m;
    }

    private static java.math.BigDecimal decimal(String value, String field) {
        try {
            return value == null ? null : new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new ActionException("lineMapping." + field + ": '" + value + "' is not a number");
        }
    }

    private static java.util.UUID uuid(String value) {
        try {
            return value == null ? null : java.util.UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ActionException("lineMapping.productId: '" + value + "' is not an id");
        }
    }
}
