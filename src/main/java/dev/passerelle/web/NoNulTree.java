package dev.passerelle.web;

import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link NulCharacters}' rule inside a request body's free-form part, every text and property name
 * of it: 400 naming the path ({@code parameters.lines[1].note}). Put on the field:
 * {@code @JsonDeserialize(using = NoNulTree.Objects.class) ObjectNode parameters}. Only for request
 * bodies: the trees Passerelle reads elsewhere (stored events, shop orders) keep what they hold.
 */
public class NoNulTree extends ValueDeserializer<JsonNode> {

    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) {
        JsonNode tree = ctxt.readTree(p);
        List<Object> path = NulCharacters.find(tree);
        if (path != null) {
            DatabindException refused = InvalidFormatException.from(p, NulCharacters.MESSAGE, tree, null);
            for (int i = path.size() - 1; i >= 0; i--) {
                if (path.get(i) instanceof Integer index) {
                    refused.prependPath(tree, index);
                } else {
                    refused.prependPath(tree, (String) path.get(i));
                }
            }
            throw refused;
        }
        return tree;
    }

    /** For an {@code ObjectNode} field: the same, and the value must be an object. */
    public static final class Objects extends NoNulTree {

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode tree = super.deserialize(p, ctxt);
            if (!tree.isObject()) {
                throw MismatchedInputException.from(p, ObjectNode.class, "expected an object");
            }
            return tree;
        }
    }
}
