package dev.passerelle.connectors;

import java.util.List;
import java.util.Optional;

/**
 * What a building block is, as ops staff read it: {@code passerelle:<name>} in a route, a title,
 * what it does, and its properties. The catalogue, the JSON Schemas in {@code connectors/} and
 * the route validator all read this one description.
 *
 * @param routeOnly null when the action may also run on its own over HTTP
 *                  ({@code POST /api/v1/actions/<name>}, {@link DirectActions}); else why it may not
 */
public record BlockSpec(String name, Role role, String title, String description, List<PropertySpec> properties,
                        String output, String routeOnly) {

    public enum Role { TRIGGER, ACTION }

    /** An action callable over HTTP too, or a trigger (which never is). */
    public BlockSpec(String name, Role role, String title, String description, List<PropertySpec> properties,
                     String output) {
        this(name, role, title, description, properties, output, null);
    }

    /** This block, used only inside routes, for the reason given (the caller over HTTP reads it). */
    public BlockSpec routeOnly(String why) {
        return new BlockSpec(name, role, title, description, properties, output, why);
    }

    /** Whether {@code POST /api/v1/actions/<name>} runs it. */
    public boolean direct() {
        return role == Role.ACTION && routeOnly == null;
    }

    /** The properties a caller over HTTP gives: not the route-only ones (mappings of templates, secrets). */
    public List<PropertySpec> directProperties() {
        return properties.stream().filter(PropertySpec::direct).toList();
    }

    public Optional<PropertySpec> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
