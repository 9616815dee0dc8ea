package dev.passerelle.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The one rule for text coming in: no NUL character (U+0000), wherever it comes from (a JSON body,
 * a query parameter, a path variable). PostgreSQL cannot store it in text or jsonb (a 500 before);
 * H2 can. Both databases now see the same 400 naming the field. Raw hook and shop bodies are stored
 * as bytes and are not held to it.
 */
public final class NulCharacters {

    public static final String MESSAGE = "must not contain the NUL character (U+0000)";

    private NulCharacters() {
    }

    public static boolean in(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** {@code field: must not contain ...}, the detail every refusal gives. */
    public static String problem(String field) {
        return field + ": " + MESSAGE;
    }

    /**
     * Where in {@code tree} the first NUL is, as the property names and indexes that lead to it
     * ({@code ["lines", 2, "description"]}; a property name holding one ends the path with
     * {@code "(a property name)"}), or null when there is none.
     */
    public static List<Object> find(JsonNode tree) {
        if (tree == null) {
            return null;
        }
        if (tree.isString()) {
            return in(tree.asString()) ? new ArrayList<>() : null;
        }
        if (tree.isArray()) {
            for (int i = 0; i < tree.size(); i++) {
                List<Object> found = find(tree.get(i));
                if (found != null) {
                    found.add(0, i);
                    return found;
                }
            }
        } else if (tree.isObject()) {
            for (Map.Entry<String, JsonNode> property : tree.properties()) {
                if (in(property.getKey())) {
                    return new ArrayList<>(List.of("(a property name)"));
                }
                List<Object> found = find(property.getValue());
                if (found != null) {
                    found.add(0, property.getKey());
                    return found;
                }
            }
        }
        return null;
    }

    /** {@code ["lines", 2, "description"]} as {@code lines[2].description}. */
    public static String path(List<Object> path) {
        StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.isEmpty() ? "" : ".").append(step);
            }
        }
        return text.toString();
    }
}
