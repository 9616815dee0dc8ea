package dev.passerelle.connectors;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Literal JSON values checked against what a field expects, with the words a person reads in a
 * zap's error ("expected a number such as 12.50, got 'twelve'"). Null when the value is fine.
 */
final class Values {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private Values() {
    }

    static String decimal(JsonNode v) {
        if (v.isNumber()) {
            return null;
        }
        if (v.isString()) {
            try {
                new BigDecimal(v.asString().strip());
                return null;
            } catch (NumberFormatException e) {
                // below
            }
        }
        return "expected a number such as 12.50, got " + got(v);
    }

    static String integer(JsonNode v) {
        if (v.isIntegralNumber()) {
            return null;
        }
        if (v.isString()) {
            try {
                Long.parseLong(v.asString().strip());
                return null;
            } catch (NumberFormatException e) {
                // below
            }
        }
        return "expected a whole number, got " + got(v);
    }

    static String uuid(JsonNode v) {
        if (v.isString()) {
            try {
                UUID.fromString(v.asString().strip());
                return null;
            } catch (IllegalArgumentException e) {
                // below
            }
        }
        return "expected an id (a UUID such as 0190f1c2-6b1a-7c3d-9e4f-123456789abc), got " + got(v);
    }

    /** A date, or a date-time whose date part is taken (what ActionCall.date reads). */
    static String date(JsonNode v) {
        if (v.isString()) {
            String s = v.asString().strip();
            try {
                LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
                return null;
            } catch (DateTimeParseException e) {
                // below
            }
        }
        return "expected a date (yyyy-mm-dd, e.g. 2026-03-05), got " + got(v);
    }

    static String bool(JsonNode v) {
        if (v.isBoolean() || (v.isString() && (v.asString().strip().equalsIgnoreCase("true")
                || v.asString().strip().equalsIgnoreCase("false")))) {
            return null;
        }
        return "expected true or false, got " + got(v);
    }

    static String email(JsonNode v) {
        return v.isString() && EMAIL.matcher(v.asString().strip()).matches() ? null
                : "expected an e-mail address, got " + got(v);
    }

    /** Text: a string, or a number or boolean taken as its text; never an object or a list. */
    static String text(JsonNode v) {
        return v.isValueNode() ? null : "expected text, got " + got(v);
    }

    /** What came, as a person would name it: the value itself when short, else its kind. */
    static String got(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return v.isEmpty() ? "an empty list" : "a list";
        }
        if (v.isBoolean()) {
            return String.valueOf(v.asBoolean());
        }
        String text = Templates.text(v);
        if (text.isBlank()) {
            return "nothing";
        }
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return v.isNumber() ? shown : "'" + shown + "'";
    }

    static boolean blank(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() || (v.isString() && v.asString().isBlank());
    }
}
