package dev.passerelle.pipeline;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** A client got a card in a pipeline. */
public record CardCreated(UUID cardId, UUID pipelineId, String pipeline, UUID clientId, UUID stageId, String stage,
                          String createdBy) implements EventPayload {

    public static final String TYPE = "card.created";

    @Override
    public String eventType() {
        return TYPE;
    }
}
