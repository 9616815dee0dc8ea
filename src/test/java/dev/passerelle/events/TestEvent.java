package dev.passerelle.events;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

/** An event of a type only the tests know, whose payload is whatever fields the test gives. */
public record TestEvent(@JsonIgnore String eventType, @JsonAnyGetter Map<String, Object> fields) implements EventPayload {
}
