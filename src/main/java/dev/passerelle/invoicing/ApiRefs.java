package dev.passerelle.invoicing;

import java.util.UUID;

import dev.passerelle.support.InvalidInput;

/** External references as API callers give them: the connection is optional for them. */
final class ApiRefs {

    /** Stands for "no particular connection" (e.g. a reference a zap or a script supplies). */
    static final UUID NO_CONNECTION = ExternalRef.NO_CONNECTION;

    private ApiRefs() {
    }

    static ExternalRef normalise(ExternalRef ref) {
        if (ref == null) {
            return null;
        }
        if (ref.source() == null || ref.source().isBlank() || ref.id() == null || ref.id().isBlank()) {
            throw new InvalidInput("externalRef: needs both source and id");
        }
        return new ExternalRef(ref.source().strip(), ref.connectionId() == null ? NO_CONNECTION : ref.connectionId(),
                ref.id().strip());
    }
}
