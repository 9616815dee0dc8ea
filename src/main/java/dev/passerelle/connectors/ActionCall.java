package dev.passerelle.connectors;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import dev.passerelle.invoicing.ExternalRef;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One call of an action: its options as the route wrote them, resolved on demand against this
 * run, with errors that name the property.
 */
public final class ActionCall {

    private static final JsonMapper JSON = ExactJson.MAPPER;

    private final BlockSpec spec;
    private final Map<String, String> options;
    private final Templates.Scope scope;
    private final String idempotencyKey;
    private final BiFunction<UUID, UUID, String> secrets;

    ActionCall(BlockSpec spec, Map<String, String> options, Templates.Scope scope, String idempotencyKey,
               BiFunction<UUID, UUID, String> secrets) {
        this.spec = spec;
        this.options = options;
        this.scope = scope;
        this.idempotencyKey = idempotencyKey;
        this.secrets = secrets;
    }

    /** The key of a route step's effects: unique per (installation, triggering event, step). */
    static String routeKey(RunContext run, String step) {
        return "route:" + run.installationId() + ":" + run.triggerId() + ":" + step;
    }

    public RunContext run() {
        return scope.run();
    }

    public UUID tenantId() {
        return scope.run().tenantId();
    }

    public JsonNode body() {
        return scope.body();
    }

    public Templates.Scope scope() {
        return scope;
    }

    /**
     * Sent with outbound calls, used as the mail key: unique per (installation, triggering event,
     * step) in a route; over HTTP, {@code api:} and the request's Idempotency-Key (or its own id).
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * The connection an external reference made by this call belongs to: the installation in a
     * route, "none in particular" over HTTP (as the REST API's own external references).
     */
    public UUID connectionId() {
        UUID installation = scope.run().installationId();
        return installation == null ? ExternalRef.NO_CONNECTION : installation;
    }

    /** Who does it, for documents' history: {@code route <id>} or {@code api}. */
    public String actor() {
        return scope.run().actor();
    }

    public boolean has(String name) {
        JsonNode v = node(name);
        return !(v.isMissingNode() || v.isNull() || (v.isString() && v.asString().isBlank()));
    }

    /**
     * The resolved JSON of a property: its default when it is not given, or when it is a
     * placeholder that resolves to nothing (an optional installation parameter left empty).
     */
    public JsonNode node(String name) {
        String fallback = spec.property(name).map(PropertySpec::defaultValue).orElse(null);
        String raw = options.get(name);
        if (raw == null) {
            return Templates.resolve(fallback, scope);
        }
        JsonNode value = Templates.resolve(raw, scope);
        boolean empty = value.isMissingNode() || value.isNull() || (value.isString() && value.asString().isBlank());
        return empty && fallback != null ? Templates.resolve(fallback, scope) : value;
    }

    public String text(String name) {
        return has(name) ? Templates.text(node(name)).strip() : null;
    }

    public String requiredText(String name) {
        String value = text(name);
        if (value == null || value.isEmpty()) {
            throw new ActionException(name + ": required, but " + describe(name));
        }
        return value;
    }

    public BigDecimal decimal(String name) {
        String value = text(name);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new ActionException(name + ": '" + value + "' is not a number");
        }
    }

    public UUID uuid(String name) {
        String value = text(name);
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ActionException(name + ": '" + value + "' is not an id");
        }
    }

    public UUID requiredUuid(String name) {
        requiredText(name);
        return uuid(name);
    }

    public LocalDate date(String name) {
        String value = text(name);
        try {
            return value == null ? null : LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (RuntimeException e) {
            throw new ActionException(name + ": '" + value + "' is not a date (yyyy-mm-dd)");
        }
    }

    public boolean bool(String name) {
        return "true".equalsIgnoreCase(text(name));
    }

    /**
     * A mapping property (field → template) as JSON: written inline as a JSON object, or an
     * installation parameter holding one. Empty when not given.
     */
    public JsonNode mapping(String name) {
        JsonNode value = node(name);
        if (value.isString() && value.asString().strip().startsWith("{")) {
            try {
                value = JSON.readTree(value.asString());
            } catch (JacksonException e) {
                throw new ActionException(name + ": not a JSON object: " + e.getOriginalMessage());
            }
        }
        if (value.isMissingNode() || value.isNull() || (value.isString() && value.asString().isBlank())) {
            return JSON.createObjectNode();
        }
        if (!value.isObject()) {
            throw new ActionException(name + ": expected a JSON object of field → template, got " + value.getNodeType());
        }
        return value;
    }

    /** A field: from {@code mapping} when it maps it (resolved against {@code scope}), else the property of that name. */
    public String field(JsonNode mapping, String name, Templates.Scope in) {
        JsonNode template = mapping.path(name);
        if (!template.isMissingNode() && !template.isNull()) {
            String value = Templates.text(template.isString() ? Templates.resolve(template.asString(), in) : template).strip();
            return value.isEmpty() ? null : value;
        }
        return in == scope ? text(name) : null;
    }

    /** A secret property's value, read from the secret store through the installation's reference. */
    public String secret(String name) {
        JsonNode ref = node(name);
        if (ref.isMissingNode() || ref.isNull()) {
            return null;
        }
        JsonNode id = ref.path("secretRef");
        if (!id.isString()) {
            throw new ActionException(name + ": not a secret reference; pass an installation parameter ${install.x}");
        }
        return secrets.apply(tenantId(), UUID.fromString(id.asString()));
    }

    private String describe(String name) {
        String raw = options.get(name);
        return raw == null ? "it was not given" : "'" + raw + "' resolved to nothing";
    }
}
