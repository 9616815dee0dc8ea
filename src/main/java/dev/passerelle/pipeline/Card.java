package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A client's card in one pipeline, at one stage; {@code history} only when one card is asked for. */
public record Card(UUID id, UUID pipelineId, String pipeline, UUID clientId, UUID stageId, String stage, String title,
                   Instant createdAt, Instant updatedAt, List<Move> history) {

    /** One move: from a stage (null when the card was created) to another, by whom or what, when. */
    public record Move(UUID fromStageId, String fromStage, UUID toStageId, String toStage, String actor, Instant at) {
    }
}
