package dev.passerelle.pipeline;

import java.util.UUID;

/** A card went from one stage to another (automations and zaps trigger on it). */
public record CardMoved(UUID cardId, UUID pipelineId, String pipeline, UUID clientId, UUID fromStageId,
                        String fromStage, UUID stageId, String stage, String movedBy) {

    public static final String TYPE = "card.moved";
}
