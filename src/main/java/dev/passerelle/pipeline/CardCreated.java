package dev.passerelle.pipeline;

import java.util.UUID;

/** A client got a card in a pipeline. */
public record CardCreated(UUID cardId, UUID pipelineId, String pipeline, UUID clientId, UUID stageId, String stage,
                          String createdBy) {

    public static final String TYPE = "card.created";
}
