package dev.passerelle.routes;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's installation of a route: the values of the route's parameters (a secret as
 * {@code {"secretRef": "<id>"}}, its value in the secret store).
 */
record Installation(UUID id, UUID tenantId, String routeId, String name, ObjectNode parameters, Status status,
                    Instant createdAt, Instant updatedAt) {

    enum Status { ACTIVE, PAUSED, DELETED }
}
