package dev.passerelle.webhooks;

import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEvents;
import dev.passerelle.events.EventPayload;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.DocumentResponse;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.invoicing.Products;
import dev.passerelle.mail.Emails;
import dev.passerelle.web.PublicUrls;
import dev.passerelle.woocommerce.ShopOrderReceived;
import dev.passerelle.woocommerce.ShopOrders;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one shape of every webhook body and every trigger item (recent, poll):
 * {@code {"id": event id, "type", "occurredAt", "data": the subject as the API shows it}}.
 * {@code data} is the subject as it is when rendered — for a live delivery, moments after the
 * event — through the same objects and the same JSON settings as its own endpoint, except that
 * fields without a value are written as null instead of left out: a trigger's items then have the
 * same fields whatever the subject's state (a draft has no number yet), which is what a zap maps.
 * An event whose subject no longer exists (a draft deleted since) renders as nothing. An
 * {@code EVENT} type's data is what the event says: its payload record, every component written,
 * null when the event had no value for it, so that its items too always have the same fields.
 */
@Component
class EventBodies {

    private final Clients clients;
    private final Products products;
    private final Documents documents;
    private final Emails emails;
    private final ShopOrders orders;
    private final PublicUrls publicUrls;
    private final JsonMapper json;
    private final DomainEvents events;
    /** The API's JSON settings, nulls written. */
    private final JsonMapper withNulls;

    EventBodies(Clients clients, Products products, Documents documents, Emails emails, ShopOrders orders,
                PublicUrls publicUrls, JsonMapper json, DomainEvents events) {
        this.clients = clients;
        this.products = products;
        this.documents = documents;
        this.emails = emails;
        this.orders = orders;
        this.publicUrls = publicUrls;
        this.json = json;
        this.events = events;
        this.withNulls = json.rebuild().changeDefaultPropertyInclusion(
                v -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS)).build();
    }

    Optional<ObjectNode> render(DomainEvent event) {
        return EventTypes.find(event.type()).flatMap(type -> subject(type, event)).map(data -> {
            ObjectNode body = json.createObjectNode();
            body.put("id", event.id().toString());
            body.put("type", event.type());
            body.set("occurredAt", json.valueToTree(event.occurredAt()));
            body.set("data", withNulls.valueToTree(data));
            return body;
        });
    }

    byte[] bytes(ObjectNode body) {
        return json.writeValueAsBytes(body);
    }

    private Optional<?> subject(EventTypes.EventType type, DomainEvent event) {
        UUID tenant = event.tenantId();
        return switch (type.subject()) {
            case CLIENT -> clients.find(tenant, event.subjectId());
            case PRODUCT -> products.find(tenant, event.subjectId());
            case DOCUMENT -> documents.find(tenant, event.subjectId()).map(d -> DocumentResponse.of(d, publicUrls));
            case EMAIL -> emails.find(tenant, event.subjectId());
            case SHOP_ORDER -> {
                ShopOrderReceived order = events.read(event, ShopOrderReceived.class);
                yield order.connectionId() == null || order.orderId() == null ? Optional.empty()
                        : orders.find(tenant, order.connectionId(), order.orderId());
            }
            case EVENT -> Optional.of(said(event, type.payload()));
        };
    }

    private ObjectNode said(DomainEvent event, Class<? extends EventPayload> payload) {
        ObjectNode written = withNulls.valueToTree(events.read(event, payload));
        ObjectNode data = json.createObjectNode();
        for (RecordComponent c : payload.getRecordComponents()) {
            if (!c.getName().equals("eventType")) {
                data.set(c.getName(), written.has(c.getName()) ? written.get(c.getName()) : data.nullNode());
            }
        }
        return data;
    }
}
