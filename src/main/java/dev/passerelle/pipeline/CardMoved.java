package dev.passerelle.pipeline;

import java.util.UUID;

import dev.passerelle.events.EventPayload;

/** A card went from one stage to another (automations and zaps trigger on it). */
public record CardMoved(UUID cardId, UUID pipelineId, String pipeline, UUID clientId, UUID fromStageId,
                        String fromStage, UUID stageId, String stage, String movedBy) implements EventPayload {

    public static final String TYPE = "card.moved";

    @Override
    public String eventType() {
        return TYPE;
    }
}
