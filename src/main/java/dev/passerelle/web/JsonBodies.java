package dev.passerelle.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.passerelle.support.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** Checks that raw bytes are one well-formed JSON document, without building a tree of it. */
@Component
public class JsonBodies {

    private final JsonMapper json;
    /** Reads one value in the middle of the document (what follows it is not trailing). */
    private final ObjectReader value;

    JsonBodies(JsonMapper json) {
        this.json = json;
        this.value = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public void requireJson(byte[] body) {
        read(body, "a JSON document", parser -> {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw Problems.badRequest("the body must be a JSON object or array");
            }
            parser.skipChildren();
            return null;
        });
    }

    /**
     * The same check for a JSON object, and the values of the few top-level fields asked for (a field
     * that is not there is not in the map; given twice, the last counts, as in a tree). Everything
     * else is only checked, not built: a receiver that needs two values of a 2 KB order pays for
     * two small nodes, not for the whole tree (bench/README.md, "compare").
     */
    public Map<String, JsonNode> objectFields(byte[] body, Set<String> names) {
        return read(body, "a JSON object", parser -> {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw Problems.badRequest("the body must be a JSON object");
            }
            Map<String, JsonNode> found = new HashMap<>(4);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (names.contains(name)) {
                    found.put(name, value.readValue(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        });
    }

    /** One document, read by {@code document} to its end, and nothing after it; any flaw a 400 saying what. */
    private <T> T read(byte[] body, String expected, Function<JsonParser, T> document) {
        if (body.length == 0) {
            throw Problems.badRequest("the body is empty; send " + expected);
        }
        try (JsonParser parser = json.createParser(body)) {
            T read = document.apply(parser);
            if (parser.nextToken() != null) {
                throw Problems.badRequest("the body has content after its JSON document");
            }
            return read;
        } catch (JacksonException e) {
            throw Problems.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
