package dev.passerelle.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.passerelle.invoicing.ClientCreated;
import dev.passerelle.invoicing.DocumentEvent;
import dev.passerelle.invoicing.ProductCreated;
import dev.passerelle.mail.EmailEvent;
import dev.passerelle.woocommerce.ShopOrderReceived;

/** The domain events a subscription (or a poll) may ask for, with what each is about. */
final class EventTypes {

    /** What an event's {@code data} is: the object as its own endpoint shows it. */
    enum Subject {
        CLIENT, PRODUCT, DOCUMENT, EMAIL, SHOP_ORDER
    }

    record EventType(String event, String label, String description, Subject subject) {
    }

    private static final Map<String, EventType> ALL = new LinkedHashMap<>();

    static {
        add(ClientCreated.TYPE, "New client", "A client was created (through the API, a route, a zap or a shop order). "
                + "data: the client, as GET /api/v1/clients/{id} shows it.", Subject.CLIENT);
        add(ProductCreated.TYPE, "New product", "A product was created. data: the product, as GET /api/v1/products/{id} "
                + "shows it.", Subject.PRODUCT);
        add(DocumentEvent.CREATED, "New document", "A document (invoice, credit note, quote, ...) was created, as a draft "
                + "or issued at once. data: the document, as GET /api/v1/documents/{id} shows it.", Subject.DOCUMENT);
        add(DocumentEvent.ISSUED, "Document issued", "A document got its number. data: the document.", Subject.DOCUMENT);
        add(DocumentEvent.SENT, "Document sent", "A document's email was accepted by the mail server. data: the document.",
                Subject.DOCUMENT);
        add(DocumentEvent.VIEWED, "Document viewed", "The client opened the document's public link (the first time). "
                + "data: the document.", Subject.DOCUMENT);
        add(DocumentEvent.PAID, "Invoice paid", "An invoice was paid in full. data: the invoice.", Subject.DOCUMENT);
        add(DocumentEvent.OVERDUE, "Invoice overdue", "An invoice passed its due date unpaid. data: the invoice.",
                Subject.DOCUMENT);
        add(DocumentEvent.CREDITED, "Invoice credited", "A credit note credited an invoice (a refund, or its cancellation). "
                + "data: the invoice credited.", Subject.DOCUMENT);
        add(EmailEvent.BOUNCED, "Email bounced", "An email came back undelivered (a delivery status notification). data: "
                + "the email, as GET /api/v1/emails lists it.", Subject.EMAIL);
        add(ShopOrderReceived.TYPE, "New shop order", "A shop connection received an order for the first time. data: the "
                + "order as stored (shop, order id and number, status, total, buyer's e-mail, the document made for it).",
                Subject.SHOP_ORDER);
    }

    private EventTypes() {
    }

    private static void add(String event, String label, String description, Subject subject) {
        ALL.put(event, new EventType(event, label, description, subject));
    }

    static List<EventType> all() {
        return List.copyOf(ALL.values());
    }

    static Optional<EventType> find(String event) {
        return Optional.ofNullable(event == null ? null : ALL.get(event));
    }

    static String names() {
        return String.join(", ", ALL.keySet());
    }
}
