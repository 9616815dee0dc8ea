package dev.passerelle.connectors;

import java.util.List;

/**
 * One documented property of a building block: what the validator checks, what the catalogue
 * and the JSON Schema show, what an installation parameter inherits when a route passes
 * {@code ${install.x}} to it.
 *
 * @param choices   allowed values, or empty for any value of the type
 * @param routeOnly true when only a route may give it (it holds templates over a route's data); a
 *                  mapping or a secret always is
 */
public record PropertySpec(String name, String title, String description, PropertyType type, boolean required,
                           String defaultValue, String example, List<String> choices, boolean routeOnly) {

    public static PropertySpec required(String name, PropertyType type, String title, String description,
                                        String example) {
        return new PropertySpec(name, title, description, type, true, null, example, List.of(), false);
    }

    public static PropertySpec optional(String name, PropertyType type, String title, String description,
                                        String defaultValue, String example) {
        return new PropertySpec(name, title, description, type, false, defaultValue, example, List.of(), false);
    }

    public PropertySpec withChoices(String... values) {
        return new PropertySpec(name, title, description, type, required, defaultValue, example, List.of(values),
                routeOnly);
    }

    /** This property, given only in routes: a call over HTTP gives literal values, never templates. */
    public PropertySpec onlyInRoutes() {
        return new PropertySpec(name, title, description, type, required, defaultValue, example, choices, true);
    }

    /** Whether a call over HTTP may give it. */
    public boolean direct() {
        return !routeOnly && type != PropertyType.MAPPING && type != PropertyType.SECRET;
    }

    /** Why a literal value is not acceptable, or null. */
    public String check(String value) {
        if (!choices.isEmpty() && !choices.contains(value)) {
            return "expected one of " + String.join(", ", choices);
        }
        return type.check(value);
    }
}
