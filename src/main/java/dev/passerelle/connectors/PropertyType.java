package dev.passerelle.connectors;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import java.util.regex.Pattern;

import org.quartz.CronExpression;

import dev.passerelle.support.OutboundHttp;

/**
 * The type of a building block's property. Each type knows how to check a literal value; a value
 * that holds a {@code ${...}} template is checked for its references at validation time and for
 * its type once resolved, at run time.
 */
public enum PropertyType {
    TEXT("string", null),
    TEMPLATE("string", "template"),
    INTEGER("integer", null),
    DECIMAL("string", "decimal"),
    BOOLEAN("boolean", null),
    EMAIL("string", "email"),
    URL("string", "uri"),
    UUID("string", "uuid"),
    DATE("string", "date"),
    CRON("string", "quartz-cron"),
    EVENT_TYPE("string", "event-type"),
    /** A reference into the secret store: only {@code ${install.x}}, never a value in a file. */
    SECRET("string", "password"),
    /** A JSON object of field → template, given inline as JSON or as an installation parameter. */
    MAPPING("object", null),
    /**
     * A document's lines: a JSON list of objects (description, quantity, unitPrice, taxRate, discount,
     * sku, productId), given as a placeholder that resolves to one, or as a list over HTTP.
     */
    LINES("array", null);

    private static final Pattern EMAIL_SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern EVENT_SHAPE = Pattern.compile("^[a-z_]+(\\.[a-z_]+)+$|^\\*$");

    private final String jsonType;
    private final String format;

    PropertyType(String jsonType, String format) {
        this.jsonType = jsonType;
        this.format = format;
    }

    /** JSON Schema {@code type}. */
    public String jsonType() {
        return jsonType;
    }

    /** JSON Schema {@code format}, or null. */
    public String format() {
        return format;
    }

    /** Why {@code value} (no template in it) is not of this type, or null when it is. */
    public String check(String value) {
        try {
            return switch (this) {
                case TEXT, TEMPLATE -> null;
                case INTEGER -> {
                    Long.parseLong(value.strip());
                    yield null;
                }
                case DECIMAL -> {
                    new BigDecimal(value.strip());
                    yield null;
                }
                case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "expected true or false";
                case EMAIL -> EMAIL_SHAPE.matcher(value.strip()).matches() ? null : "expected an e-mail address";
                case URL -> {
                    URI uri = URI.create(value.strip());
                    yield uri.getHost() == null ? "expected an http or https URL with a host"
                            : OutboundHttp.urlProblem(uri);
                }
                case UUID -> {
                    java.util.UUID.fromString(value.strip());
                    yield null;
                }
                case DATE -> {
                    LocalDate.parse(value.strip());
                    yield null;
                }
                case CRON -> CronExpression.isValidExpression(value.strip()) ? null
                        : "expected a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), "
                        + "e.g. 0 0 2 * * ?";
                case EVENT_TYPE -> EVENT_SHAPE.matcher(value.strip()).matches() ? null
                        : "expected an event type such as document.paid";
                case SECRET -> "a secret is never written in a route file: use ${install.<name>} and let each "
                        + "installation store its value in the secret store";
                case MAPPING -> null; // checked as JSON by the block
                case LINES -> value.strip().startsWith("[") ? null
                        : "expected a JSON list of lines, e.g. [{\"description\": \"Tea\", \"quantity\": 2, "
                        + "\"unitPrice\": \"4.50\", \"taxRate\": 6}]";
            };
        } catch (NumberFormatException e) {
            return "expected " + (this == INTEGER ? "a whole number" : "a decimal number");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return "expected " + switch (this) {
                case URL -> "a URL";
                case UUID -> "a UUID";
                case DATE -> "an ISO date (yyyy-mm-dd)";
                default -> name().toLowerCase();
            };
        }
    }

}
