package dev.passerelle.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A call's JSON body checked against its block's properties: known, callable over HTTP, of the
 * right type, required ones given. Null, empty text and a missing field all mean "not given" (a
 * zap sends its empty optional fields). Every problem is reported at once, each naming its field.
 */
final class DirectBody {

    private DirectBody() {
    }

    /** The values given, as the block will read them; throws {@link InvalidProperties}. */
    static ObjectNode values(BlockSpec spec, JsonNode body) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        List<InvalidProperties.Problem> problems = new ArrayList<>();
        if (body != null && !body.isMissingNode() && !body.isNull() && !body.isObject()) {
            throw new InvalidProperties(List.of(new InvalidProperties.Problem("", "the body must be a JSON object of "
                    + "passerelle:" + spec.name() + "'s properties (" + known(spec) + "), got " + Values.got(body))));
        }
        if (body != null && body.isObject()) {
            for (var field : body.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                Optional<PropertySpec> property = spec.property(name);
                if (property.isEmpty()) {
                    problems.add(new InvalidProperties.Problem(name, "unknown property of " + spec.name()
                            + "; known: " + known(spec)));
                } else if (!property.get().direct()) {
                    problems.add(new InvalidProperties.Problem(name, "only a route may give it (it holds templates "
                            + "over a route's data or a secret's reference); over HTTP give the values themselves: "
                            + known(spec)));
                } else if (!Values.blank(value)) {
                    String nul = nul(value);
                    String why = nul != null ? nul : check(property.get(), value);
                    if (why != null) {
                        problems.add(new InvalidProperties.Problem(name, why));
                    } else {
                        values.set(name, normalised(property.get(), value));
                    }
                }
            }
        }
        for (PropertySpec p : spec.directProperties()) {
            if (p.required() && p.defaultValue() == null && !values.has(p.name())
                    && problems.stream().noneMatch(x -> x.field().equals(p.name()))) {
                problems.add(new InvalidProperties.Problem(p.name(), "required (" + p.title()
                        + (p.description() == null ? "" : ": " + p.description()) + "), not given"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProperties(problems);
        }
        return values;
    }

    static String known(BlockSpec spec) {
        return String.join(", ", spec.directProperties().stream().map(PropertySpec::name).toList());
    }

    /** Why {@code value} is not of the property's type, or null. */
    static String check(PropertySpec p, JsonNode value) {
        if (!p.choices().isEmpty()) {
            return value.isString() && choice(p, value.asString()) != null ? null
                    : "expected one of " + String.join(", ", p.choices()) + ", got " + Values.got(value);
        }
        return switch (p.type()) {
            case TEXT, TEMPLATE -> Values.text(value);
            case INTEGER -> Values.integer(value);
            case DECIMAL -> Values.decimal(value);
            case BOOLEAN -> Values.bool(value);
            case EMAIL -> Values.email(value);
            case UUID -> Values.uuid(value);
            case DATE -> Values.date(value);
            case LINES -> value.isArray() || (value.isString() && value.asString().strip().startsWith("[")) ? null
                    : "expected a JSON list of lines, e.g. [{\"description\": \"Tea\", \"quantity\": 2, "
                    + "\"unitPrice\": \"4.50\", \"taxRate\": 6}], got " + Values.got(value);
            case URL, CRON, EVENT_TYPE -> {
                if (!value.isString()) {
                    yield "expected text, got " + Values.got(value);
                }
                String why = p.type().check(value.asString());
                yield why == null ? null : why + ", got " + Values.got(value);
            }
            // Never given over HTTP (see PropertySpec.direct()); named for the switch to be whole.
            case MAPPING, SECRET -> "only a route may give it";
        };
    }

    private static JsonNode normalised(PropertySpec p, JsonNode value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (!p.choices().isEmpty()) {
            return nodes.stringNode(choice(p, value.asString()));
        }
        if (p.type() == PropertyType.BOOLEAN) {
            return nodes.booleanNode(value.isBoolean() ? value.asBoolean()
                    : value.asString().strip().equalsIgnoreCase("true"));
        }
        return value;
    }

    /** The choice {@code given} names, in any case, or null. */
    private static String choice(PropertySpec p, String given) {
        String wanted = given.strip().toLowerCase(Locale.ROOT);
        return p.choices().stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(wanted)).findFirst().orElse(null);
    }

    /** PostgreSQL cannot store U+0000 in text: refused here, naming the field, rather than a 500 later. */
    private static String nul(JsonNode value) {
        if (value.isString()) {
            return value.asString().indexOf('\u0000') >= 0 ? "contains a NUL character (U+0000), which cannot be stored"
                    : null;
        }
        for (JsonNode child : value) {
            String why = nul(child);
            if (why != null) {
                return why;
            }
        }
        if (value.isObject()) {
            for (String name : value.propertyNames()) {
                if (name.indexOf('\u0000') >= 0) {
                    return "contains a NUL character (U+0000), which cannot be stored";
                }
            }
        }
        return null;
    }
}
