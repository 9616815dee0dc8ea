package dev.passerelle.invoicing;

import java.time.Instant;

/** One step in a document's life: when, what, by whom and why. */
public record DocumentHistoryEntry(Instant at, String action, DocumentStatus fromStatus, DocumentStatus toStatus,
                                   String actor, String detail) {
}
