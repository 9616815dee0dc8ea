package dev.passerelle.hooks;

import java.time.Instant;
import java.util.UUID;

/** A tenant's inbound hook as listed: its URL and secret are shown only when created or rotated. */
record InboundHook(UUID id, String name, boolean signed, Status status, Instant createdAt, Instant lastReceivedAt) {

    enum Status { ACTIVE, DELETED }
}
