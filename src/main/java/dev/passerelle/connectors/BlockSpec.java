package dev.passerelle.connectors;

import java.util.List;
import java.util.Optional;

/**
 * What a building block is, as ops staff read it: {@code passerelle:<name>} in a route, a title,
 * what it does, and its properties. The catalogue, the JSON Schemas in {@code connectors/} and
 * the route validator all read this one description.
 */
public record BlockSpec(String name, Role role, String title, String description, List<PropertySpec> properties,
                        String output) {

    public enum Role { TRIGGER, ACTION }

    public Optional<PropertySpec> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
