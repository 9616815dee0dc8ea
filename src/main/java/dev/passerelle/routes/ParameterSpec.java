package dev.passerelle.routes;

import dev.passerelle.connectors.PropertySpec;
import dev.passerelle.connectors.PropertyType;

/**
 * A value a tenant gives when installing a route: declared by the route using
 * {@code ${install.<name>}} in a block property, and typed, documented and checked as that
 * property is.
 *
 * @param usedBy the block and property it feeds, e.g. {@code http-post.url}
 */
record ParameterSpec(String name, String title, String description, PropertyType type, boolean required,
                     String example, String usedBy) {

    static ParameterSpec of(String name, String block, PropertySpec property, boolean wholeValue) {
        // A parameter that is only part of a value (e.g. a URL's path) is text whatever the property's type.
        PropertyType type = wholeValue ? property.type() : PropertyType.TEXT;
        return new ParameterSpec(name, property.title(), property.description(), type, property.required(),
                wholeValue ? property.example() : null, block + "." + property.name());
    }

    boolean secret() {
        return type == PropertyType.SECRET;
    }
}
