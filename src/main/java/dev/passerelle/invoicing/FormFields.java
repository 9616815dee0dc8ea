package dev.passerelle.invoicing;

import java.math.BigDecimal;

import dev.passerelle.support.InvalidInput;

/** Fields of the console's forms as people type them, read into what the services take. */
final class FormFields {

    /** What the redirect after saving a form says was done ({@code ?done=}); anything else says nothing. */
    static final java.util.Set<String> DONE = java.util.Set.of("created", "saved");

    private FormFields() {
    }

    /** An amount or a rate: "12.50" or "12,50"; blank is null unless {@code required}. */
    static BigDecimal number(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidInput(field + ": required, e.g. 12.50");
            }
            return null;
        }
        try {
            return new BigDecimal(value.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new InvalidInput(field + ": a number such as 12.50");
        }
    }

    /** The text stripped, blank as null; longer than {@code max} is refused (the column's size). */
    static String text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > max) {
            throw new InvalidInput(field + ": at most " + max + " characters");
        }
        return value.strip();
    }
}
