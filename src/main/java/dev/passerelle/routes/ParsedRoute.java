package dev.passerelle.routes;

import java.util.List;
import java.util.Map;

import org.apache.camel.model.RouteDefinition;

/**
 * A route as read from its file and checked: where it starts, which Passerelle blocks it uses,
 * and what a tenant must give to install it.
 *
 * @param trigger    its Passerelle trigger block, or null for a plain Camel route (ops-only, not installable)
 * @param parameters by name, in the order the route first uses them
 */
record ParsedRoute(String id, String description, String file, String trigger, Map<String, String> triggerOptions,
                   Map<String, ParameterSpec> parameters, RouteDefinition definition) {

    boolean installable() {
        return trigger != null;
    }

    List<ParameterSpec> parameterList() {
        return List.copyOf(parameters.values());
    }
}
