package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;

import dev.passerelle.support.DomainException;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;

/**
 * What the console's invoicing pages share: fields as people type them, read into what the
 * services take; a refusal shown on the form it came from; one page of a searchable list.
 */
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

    /**
     * The form again with why the service refused it (its message names the field): 400 for bad
     * input, 409 for a conflict. A record not found stays the 404 page.
     */
    static String refused(DomainException refused, HttpServletResponse response, Model model, Supplier<String> form) {
        if (refused instanceof NotFound) {
            throw refused;
        }
        response.setStatus(refused instanceof InvalidInput ? 400 : 409);
        model.addAttribute("error", refused.getMessage());
        return form.get();
    }

    /** The cursor of a list's page: the last id of the page before, or null for the first page. */
    static UUID cursor(String cursor) {
        return cursor.isBlank() ? null : Ids.inPath(cursor.strip(), "page");
    }

    /** One keyset page of a list searched by {@code q}, as the list templates read it. */
    static <T> void page(Model model, String name, List<T> page, int size, Function<T, UUID> id, String q, UUID after) {
        model.addAttribute(name, page);
        model.addAttribute("q", q);
        model.addAttribute("first", after == null);
        model.addAttribute("next", page.size() == size ? id.apply(page.get(size - 1)) : null);
    }
}
