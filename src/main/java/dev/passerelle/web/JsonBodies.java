package dev.passerelle.web;

import org.springframework.stereotype.Component;

import dev.passerelle.support.Problems;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** Checks that raw bytes are one well-formed JSON document, without building a tree. */
@Component
public class JsonBodies {

    private final JsonMapper json;

    JsonBodies(JsonMapper json) {
        this.json = json;
    }

    public void requireJson(byte[] body) {
        if (body.length == 0) {
            throw Problems.badRequest("the body is empty; send a JSON document");
        }
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw Problems.badRequest("the body must be a JSON object or array");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw Problems.badRequest("the body has content after its JSON document");
            }
        } catch (JacksonException e) {
            throw Problems.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
