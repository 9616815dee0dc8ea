package dev.passerelle.automation;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.tenancy.CompanyProfile;
import dev.passerelle.tenancy.CompanyProfiles;
import dev.passerelle.web.PublicUrls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads a run's {@link Facts}: the document and the client the event names (by id), as they are now. */
@Component
class FactReader {

    private final Documents documents;
    private final Clients clients;
    private final CompanyProfiles profiles;
    private final PublicUrls publicUrls;

    FactReader(Documents documents, Clients clients, CompanyProfiles profiles, PublicUrls publicUrls) {
        this.documents = documents;
        this.clients = clients;
        this.profiles = profiles;
        this.publicUrls = publicUrls;
    }

    /** One event's trigger: whose, what, when, and what it said. */
    record Trigger(UUID tenantId, String eventType, UUID eventId, Instant occurredAt, JsonNode payload) {
    }

    Facts read(UUID tenantId, String eventType, UUID eventId, Instant occurredAt, JsonNode payload) {
        return read(new Trigger(tenantId, eventType, eventId, occurredAt, payload), Read.ONE_BY_ONE);
    }

    /**
     * The facts of a batch's events: the clients they name and their tenants' profiles read once for
     * the batch, documents one by one (as {@link #read}).
     */
    Map<UUID, Facts> readAll(List<Trigger> triggers) {
        Map<UUID, UUID> named = new HashMap<>();
        Set<UUID> tenants = new HashSet<>();
        for (Trigger t : triggers) {
            tenants.add(t.tenantId());
            UUID clientId = uuid(t.payload(), "clientId");
            if (clientId != null && Variables.hasClient(t.eventType())) {
                named.put(clientId, t.tenantId());
            }
        }
        Read batch = new Read(clients.findAll(named), named.keySet(), profiles.getAllWithoutLogo(tenants));
        Map<UUID, Facts> facts = new HashMap<>();
        triggers.forEach(t -> facts.put(t.eventId(), read(t, batch)));
        return facts;
    }

    /** What a batch read ahead; what it did not (a document's client) is read one by one. */
    private record Read(Map<UUID, Client> clients, Set<UUID> clientsAsked, Map<UUID, CompanyProfile> profiles) {

        static final Read ONE_BY_ONE = new Read(Map.of(), Set.of(), Map.of());
    }

    private Facts read(Trigger t, Read ahead) {
        UUID tenantId = t.tenantId();
        String eventType = t.eventType();
        JsonNode payload = t.payload();
        Document document = uuid(payload, "documentId") == null || !Variables.hasDocument(eventType) ? null
                : documents.find(tenantId, uuid(payload, "documentId")).orElse(null);
        UUID clientId = uuid(payload, "clientId");
        if (clientId == null && document != null) {
            clientId = document.clientId();
        }
        Client client = null;
        if (clientId != null && Variables.hasClient(eventType)) {
            client = ahead.clientsAsked().contains(clientId) ? ahead.clients().get(clientId)
                    : clients.find(tenantId, clientId).orElse(null);
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode values = nodes.objectNode();
        values.set("event", payload);
        values.putObject("trigger").put("type", eventType).put("at", t.occurredAt().toString())
                .put("id", t.eventId().toString());
        // Without the logo: the facts are text, and a logo is read with its bytes (matching read
        // one per event).
        CompanyProfile profile = ahead.profiles().containsKey(tenantId) ? ahead.profiles().get(tenantId)
                : profiles.getAllWithoutLogo(Set.of(tenantId)).get(tenantId);
        values.putObject("company").put("name", profile.name()).put("email", profile.email()).put("phone", profile.phone());
        if (client != null) {
            ObjectNode c = values.putObject("client");
            c.put("id", client.id().toString()).put("name", client.name()).put("company", client.company())
                    .put("email", client.mainEmail()).put("phone", client.phone()).put("language", client.language())
                    .put("vatNumber", client.vatNumber())
                    .put("country", client.billingAddress() == null ? null : client.billingAddress().country());
        }
        if (document != null) {
            ObjectNode d = values.putObject("document");
            d.put("id", document.id().toString()).put("number", document.number())
                    .put("kind", document.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("status", document.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("total", document.total()).put("totalNet", document.totalNet())
                    .put("balance", document.balance()).put("currency", document.currency())
                    .put("issueDate", document.issueDate() == null ? null : document.issueDate().toString())
                    .put("dueDate", document.dueDate() == null ? null : document.dueDate().toString())
                    .put("publicUrl", document.status() == DocumentStatus.DRAFT || document.publicToken() == null ? null
                            : publicUrls.of("/d/" + document.publicToken()));
        }
        if (eventType.startsWith("card.")) {
            values.putObject("card").put("id", payload.path("cardId").asString(""))
                    .put("pipeline", payload.path("pipeline").asString(""))
                    .put("stage", payload.path("stage").asString(""))
                    .put("fromStage", payload.path("fromStage").asString(""));
        }
        if (eventType.startsWith("task.")) {
            values.putObject("task").put("id", payload.path("taskId").asString(""))
                    .put("title", payload.path("title").asString("")).put("notes", payload.path("notes").asString(""))
                    .put("dueAt", payload.path("dueAt").asString("")).put("assignee", payload.path("assignee").asString(""))
                    .put("done", eventType.equals("task.done"));
        }
        return new Facts(eventType, t.eventId(), t.occurredAt(), payload, document, client, values);
    }

    /** The event's {@code field} as an id, or null when it is missing or not one. */
    static UUID uuid(JsonNode payload, String field) {
        JsonNode v = payload.path(field);
        if (!v.isString()) {
            return null;
        }
        try {
            return UUID.fromString(v.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
