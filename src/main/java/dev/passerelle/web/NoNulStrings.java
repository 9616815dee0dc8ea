package dev.passerelle.web;

import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * {@link NulCharacters}' rule for every text in a JSON body, free-form parts ({@code JsonNode}
 * fields) included: no NUL character (U+0000), 400 naming the field. Raw hook and shop bodies are
 * stored as bytes and are not read through this.
 */
@Component
class NoNulStrings extends SimpleModule {

    NoNulStrings() {
        super("passerelle-no-nul-strings");
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
                                                           ValueDeserializer<?> deserializer) {
                if (deserializer.handledType() == String.class) {
                    return new Checked(deserializer);
                }
                return JsonNode.class.isAssignableFrom(deserializer.handledType()) ? new CheckedTree(deserializer)
                        : deserializer;
            }
        });
    }

    private static final class Checked extends DelegatingDeserializer {

        Checked(ValueDeserializer<?> delegatee) {
            super(delegatee);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
            return new Checked(delegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            Object value = _delegatee.deserialize(p, ctxt);
            if (value instanceof String text && NulCharacters.in(text)) {
                throw InvalidFormatException.from(p, NulCharacters.MESSAGE, text, null);
            }
            return value;
        }
    }

    /** A body's free-form part ({@code parameters}, {@code settings}): every text and property name in it. */
    private static final class CheckedTree extends DelegatingDeserializer {

        CheckedTree(ValueDeserializer<?> delegatee) {
            super(delegatee);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
            return new CheckedTree(delegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            Object value = _delegatee.deserialize(p, ctxt);
            List<Object> path = value instanceof JsonNode tree ? NulCharacters.find(tree) : null;
            if (path != null) {
                DatabindException refused = InvalidFormatException.from(p, NulCharacters.MESSAGE, value, null);
                for (int i = path.size() - 1; i >= 0; i--) {
                    if (path.get(i) instanceof Integer index) {
                        refused.prependPath(value, index);
                    } else {
                        refused.prependPath(value, (String) path.get(i));
                    }
                }
                throw refused;
            }
            return value;
        }
    }
}
