package dev.passerelle.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant's pipeline: its stages (columns) in order. */
public record Pipeline(UUID id, String name, List<Stage> stages, Instant createdAt) {

    public record Stage(UUID id, String name, int position) {
    }

    /** The stage with this name (in any case) or this id. */
    public Optional<Stage> stage(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        String wanted = nameOrId.strip();
        return stages.stream().filter(s -> s.name().equalsIgnoreCase(wanted) || s.id().toString().equals(wanted))
                .findFirst();
    }

    public String stageNames() {
        return String.join(", ", stages.stream().map(Stage::name).toList());
    }
}
