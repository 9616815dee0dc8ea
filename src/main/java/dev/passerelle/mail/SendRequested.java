package dev.passerelle.mail;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.passerelle.events.EventPayload;

/**
 * Another feature asks for a document to be emailed (auto-send). {@code variant} {@code paid} or
 * {@code unpaid} picks the template, null the document's own; {@code subject} and {@code body}
 * replace the template's when given; {@code source} and {@code connectionId} say who asked.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SendRequested(UUID documentId, String variant, String subject, String body, String source,
                            UUID connectionId) implements EventPayload {

    public static final String TYPE = "document.send_requested";

    @Override
    public String eventType() {
        return TYPE;
    }
}
