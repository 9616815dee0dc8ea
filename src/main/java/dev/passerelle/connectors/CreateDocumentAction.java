package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentDraft;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.LineInput;
import dev.passerelle.invoicing.Product;
import dev.passerelle.invoicing.Products;
import dev.passerelle.web.PublicUrls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates a document from mapped items or from lines, once per external id; issues it if asked. */
@Component
class CreateDocumentAction implements Action {

    static final List<String> LINE_FIELDS = List.of("description", "sku", "quantity", "unitPrice", "discount",
            "taxRate", "productId");

    private final Documents documents;
    private final Products products;
    private final PublicUrls publicUrls;
    private final JsonMapper json;

    CreateDocumentAction(Documents documents, Products products, PublicUrls publicUrls, JsonMapper json) {
        this.documents = documents;
        this.products = products;
        this.publicUrls = publicUrls;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("create-document", BlockSpec.Role.ACTION, "Create a document",
                "Creates an invoice, order confirmation or delivery note for a client, as a draft or issued, from "
                        + "`lines` (a list of line objects) or, in a route, from a list of `items` each mapped to a "
                        + "line by `lineMapping`. A line with a `productId` or the `sku` of a product takes that "
                        + "product's name, unit price and tax rate for what it does not say. With an external id, "
                        + "asking twice gives the same document.",
                List.of(required("kind", PropertyType.TEXT, "Kind", "What to create.", "invoice")
                                .withChoices("invoice", "order_confirmation", "delivery_note"),
                        required("clientId", PropertyType.UUID, "Client", "The client's id, e.g. from a previous "
                                + "upsert-client step.", "${body.id}"),
                        optional("lines", PropertyType.LINES, "Lines", "A JSON list of lines, each an object of "
                                + String.join(", ", LINE_FIELDS) + " (amounts as numbers or decimal text; taxRate in "
                                + "percent). Give lines or items.", null, "${event.lines}"),
                        optional("items", PropertyType.TEMPLATE, "Items", "In a route: a JSON list; each item becomes "
                                + "a line through lineMapping. Give lines or items.", null, "${event.items}")
                                .onlyInRoutes(),
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
                        optional("issue", PropertyType.BOOLEAN, "Issue", "Issue it at once (it gets its number); "
                                + "else it stays a draft.", "false", "true"),
                        optional("dueDate", PropertyType.DATE, "Due date", "Else the tenant's payment terms.", null,
                                "${event.due}"),
                        optional("note", PropertyType.TEXT, "Note to the client", null, null, "Thank you!")),
                "The document as GET /api/v1/documents/{id} shows it (id, number, status, totals, lines, publicUrl).");
    }

    @Override
    public Effect effect() {
        return Effect.TRANSACTIONAL;
    }

    @Override
    public JsonNode run(ActionCall call) {
        List<LineInput> lines = call.has("lines") ? fromLines(call) : fromItems(call);
        String externalId = call.text("externalId");
        ExternalRef ref = externalId == null ? null
                : new ExternalRef(call.requiredText("source"), call.connectionId(), externalId);
        DocumentKind kind = DocumentKind.valueOf(call.requiredText("kind").toUpperCase(Locale.ROOT));
        DocumentDraft draft = new DocumentDraft(kind, call.requiredUuid("clientId"), call.text("currency"),
                call.bool("pricesIncludeTax"), lines, call.text("note"), null, null, call.date("dueDate"), null, ref);
        Document document = documents.createOnce(call.tenantId(), draft, call.actor()).document();
        if (call.bool("issue") && document.number() == null) {
            document = documents.issue(call.tenantId(), document.id(), call.actor());
        }
        return DocumentActions.shown(document, publicUrls, json);
    }

    /** {@code lines}: each element is a line object, read as it is (a literal over HTTP: no templates). */
    private List<LineInput> fromLines(ActionCall call) {
        if (call.has("items")) {
            throw new ActionException("give lines or items (with lineMapping), not both");
        }
        JsonNode lines = list(call.node("lines"), "lines");
        List<InvalidProperties.Problem> problems = new ArrayList<>();
        List<LineInput> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = "lines[" + i + "]";
            JsonNode line = lines.get(i);
            if (!line.isObject()) {
                problems.add(new InvalidProperties.Problem(where, "expected an object of " + String.join(", ",
                        LINE_FIELDS) + ", got " + Values.got(line)));
                continue;
            }
            for (String name : line.propertyNames()) {
                if (!LINE_FIELDS.contains(name)) {
                    problems.add(new InvalidProperties.Problem(where, "unknown field '" + name + "'; a line has "
                            + String.join(", ", LINE_FIELDS)));
                }
            }
            out.add(line(call, where, name -> line.path(name), problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidProperties(problems);
        }
        return out;
    }

    /** {@code items} in a route: each item mapped to a line by {@code lineMapping} (or its own fields). */
    private List<LineInput> fromItems(ActionCall call) {
        if (!call.has("items")) {
            throw new InvalidProperties(List.of(new InvalidProperties.Problem("lines", call.run().direct()
                    ? "required: a JSON list of lines, e.g. [{\"description\": \"Tea\", \"quantity\": 2, "
                    + "\"unitPrice\": \"4.50\", \"taxRate\": 6}]"
                    : "give lines, or items with lineMapping; neither resolved to anything")));
        }
        JsonNode items = list(call.node("items"), "items");
        JsonNode mapping = call.mapping("lineMapping");
        JsonNode m = mapping.isEmpty() ? identity() : mapping;
        List<InvalidProperties.Problem> problems = new ArrayList<>();
        List<LineInput> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Templates.Scope scope = call.scope().with("item", items.get(i));
            out.add(line(call, "items[" + i + "]", name -> {
                String value = call.field(m, name, scope);
                return value == null ? null : tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(value);
            }, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidProperties(problems);
        }
        return out;
    }

    /** A list, or text holding one (a route's parameter, or a zap that sent the list as JSON text). */
    private static JsonNode list(JsonNode value, String name) {
        if (value.isString() && value.asString().strip().startsWith("[")) {
            try {
                value = ExactJson.MAPPER.readTree(value.asString());
            } catch (tools.jackson.core.JacksonException e) {
                throw new InvalidProperties(List.of(new InvalidProperties.Problem(name,
                        "expected a JSON list, got text that is not JSON: " + e.getOriginalMessage())));
            }
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidProperties(List.of(new InvalidProperties.Problem(name,
                    "expected a non-empty JSON list, got " + Values.got(value))));
        }
        return value;
    }

    private LineInput line(ActionCall call, String where, java.util.function.Function<String, JsonNode> field,
                           List<InvalidProperties.Problem> problems) {
        String description = text(field.apply("description"), where + ".description", problems);
        String sku = text(field.apply("sku"), where + ".sku", problems);
        UUID productId = uuid(field.apply("productId"), where + ".productId", problems);
        BigDecimal quantity = decimal(field.apply("quantity"), where + ".quantity", problems);
        BigDecimal unitPrice = decimal(field.apply("unitPrice"), where + ".unitPrice", problems);
        BigDecimal discount = decimal(field.apply("discount"), where + ".discount", problems);
        BigDecimal taxRate = decimal(field.apply("taxRate"), where + ".taxRate", problems);
        Optional<Product> product = Optional.empty();
        if (productId != null) {
            product = products.find(call.tenantId(), productId);
            if (product.isEmpty()) {
                problems.add(new InvalidProperties.Problem(where + ".productId", "no product " + productId));
            }
        } else if (sku != null && (description == null || unitPrice == null)) {
            product = products.findBySku(call.tenantId(), sku);
        }
        if (product.isPresent()) {
            Product p = product.get();
            description = description != null ? description : p.name();
            sku = sku != null ? sku : p.sku();
            unitPrice = unitPrice != null ? unitPrice : p.unitPrice();
            taxRate = taxRate != null ? taxRate : p.taxRate();
        }
        return new LineInput(LineInput.Type.ITEM, description, sku, productId, quantity, unitPrice, discount, taxRate,
                null, null, null);
    }

    private static String text(JsonNode v, String field, List<InvalidProperties.Problem> problems) {
        if (Values.blank(v)) {
            return null;
        }
        String why = Values.text(v);
        if (why != null) {
            problems.add(new InvalidProperties.Problem(field, why));
            return null;
        }
        return Templates.text(v).strip();
    }

    private static BigDecimal decimal(JsonNode v, String field, List<InvalidProperties.Problem> problems) {
        if (Values.blank(v)) {
            return null;
        }
        String why = Values.decimal(v);
        if (why != null) {
            problems.add(new InvalidProperties.Problem(field, why));
            return null;
        }
        return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asString().strip());
    }

    private static UUID uuid(JsonNode v, String field, List<InvalidProperties.Problem> problems) {
        if (Values.blank(v)) {
            return null;
        }
        String why = Values.uuid(v);
        if (why != null) {
            problems.add(new InvalidProperties.Problem(field, why));
            return null;
        }
        return UUID.fromString(v.asString().strip());
    }

    private JsonNode identity() {
        var m = json.createObjectNode();
        LINE_FIELDS.forEach(f -> m.put(f, "${item." + f + "}"));
        return m;
    }
}
