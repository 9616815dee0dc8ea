package dev.passerelle.web;

import org.springframework.stereotype.Component;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * {@link NulCharacters}' rule for every text field of a JSON body: no NUL character (U+0000), 400
 * naming the field. Free-form parts ({@code JsonNode} fields) say so with {@link NoNulTree}, since
 * Jackson builds trees without this module's say; raw hook and shop bodies are stored as bytes and
 * are not read through either.
 */
@Component
class NoNulStrings extends SimpleModule {

    NoNulStrings() {
        super("passerelle-no-nul-strings");
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier bean,
                                                           ValueDeserializer<?> deserializer) {
                return deserializer.handledType() == String.class ? new Checked(deserializer) : deserializer;
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
}
