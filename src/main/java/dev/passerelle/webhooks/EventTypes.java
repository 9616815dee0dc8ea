package dev.passerelle.webhooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.passerelle.accounts.AccountConnected;
import dev.passerelle.accounts.AccountDisconnected;
import dev.passerelle.accounts.AccountNeedsReconnect;
import dev.passerelle.einvoicing.PeppolDelivered;
import dev.passerelle.einvoicing.PeppolRejected;
import dev.passerelle.events.EventPayload;
import dev.passerelle.invoicing.ClientCreated;
import dev.passerelle.invoicing.DocumentEvent;
import dev.passerelle.invoicing.ProductCreated;
import dev.passerelle.mail.EmailComplained;
import dev.passerelle.mail.EmailDelivered;
import dev.passerelle.mail.EmailDropped;
import dev.passerelle.mail.EmailEvent;
import dev.passerelle.mail.EmailOpened;
import dev.passerelle.mail.SendRequested;
import dev.passerelle.pipeline.CardCreated;
import dev.passerelle.pipeline.CardMoved;
import dev.passerelle.pipeline.TaskCreated;
import dev.passerelle.pipeline.TaskDone;
import dev.passerelle.pipeline.TaskDue;
import dev.passerelle.woocommerce.ShopOrderReceived;
import dev.passerelle.woocommerce.ShopWebhookProblem;

/**
 * The domain events a subscription (or a poll) may ask for, with what each is about: every type
 * any feature publishes ({@code EveryEventTypeTest} finds them all and holds this list to them).
 */
final class EventTypes {

    /**
     * What an event's {@code data} is: the object as its own endpoint shows it, or ({@code EVENT})
     * what the event itself says, for events whose news is the change (a card's stage before and
     * after, a rejection's reason) or whose subject is gone or has no endpoint.
     */
    enum Subject {
        CLIENT, PRODUCT, DOCUMENT, EMAIL, SHOP_ORDER, EVENT
    }

    /** {@code payload}: the record an {@code EVENT} type's data is read from. */
    record EventType(String event, String label, String description, Subject subject,
                     @JsonIgnore Class<? extends EventPayload> payload) {
    }

    private static final Map<String, EventType> ALL = new LinkedHashMap<>();

    private static final String DOCUMENT = " data: the document, as GET /api/v1/documents/{id} shows it.";
    private static final String EMAIL = " data: the email, as GET /api/v1/emails lists it.";

    static {
        add(ClientCreated.TYPE, "New client", "A client was created (through the API, a route, a zap or a shop order). "
                + "data: the client, as GET /api/v1/clients/{id} shows it.", Subject.CLIENT);
        add(ProductCreated.TYPE, "New product", "A product was created. data: the product, as GET /api/v1/products/{id} "
                + "shows it.", Subject.PRODUCT);
        add(DocumentEvent.CREATED, "New document", "A document (invoice, credit note, quote, ...) was created, as a draft "
                + "or issued at once." + DOCUMENT, Subject.DOCUMENT);
        add(DocumentEvent.UPDATED, "Document updated", "A draft document was changed." + DOCUMENT, Subject.DOCUMENT);
        add(DocumentEvent.ISSUED, "Document issued", "A document got its number. data: the document.", Subject.DOCUMENT);
        add(DocumentEvent.SENT, "Document sent", "A document's email was accepted by the mail server. data: the document.",
                Subject.DOCUMENT);
        add(DocumentEvent.VIEWED, "Document viewed", "The client opened the document's public link (the first time). "
                + "data: the document.", Subject.DOCUMENT);
        add(DocumentEvent.PARTIALLY_PAID, "Invoice partially paid", "A payment left part of an invoice to pay. data: the "
                + "invoice.", Subject.DOCUMENT);
        add(DocumentEvent.PAID, "Invoice paid", "An invoice was paid in full. data: the invoice.", Subject.DOCUMENT);
        add(DocumentEvent.OVERDUE, "Invoice overdue", "An invoice passed its due date unpaid. data: the invoice.",
                Subject.DOCUMENT);
        add(DocumentEvent.CREDITED, "Invoice credited", "A credit note credited an invoice (a refund, or its cancellation). "
                + "data: the invoice credited.", Subject.DOCUMENT);
        add(DocumentEvent.CANCELLED, "Document cancelled", "A document was cancelled. data: the document.",
                Subject.DOCUMENT);
        add(DocumentEvent.DELETED, "Document deleted", "A draft document was deleted. data: what the event says (the "
                + "document's id, kind, status, client, totals, dates, who deleted it): the document is gone.",
                Subject.EVENT, DocumentEvent.class);
        add(SendRequested.TYPE, "Document send requested", "Another feature (a shop connection) asked for a document to "
                + "be emailed. data: what the event says (document id, template variant, subject, body, source).",
                Subject.EVENT, SendRequested.class);
        add(PeppolDelivered.TYPE, "Peppol delivered", "The receiver's Peppol access point took the document. data: what "
                + "the event says (document id and number, receiver, message id).", Subject.EVENT, PeppolDelivered.class);
        add(PeppolRejected.TYPE, "Peppol rejected", "The access point or the receiver refused the document. data: what "
                + "the event says (document id and number, receiver, reason).", Subject.EVENT, PeppolRejected.class);
        add(EmailEvent.SENT, "Email sent", "The mail server accepted an email." + EMAIL, Subject.EMAIL);
        add(EmailEvent.FAILED, "Email failed", "An email could not be sent, after its retries or at once." + EMAIL,
                Subject.EMAIL);
        add(EmailEvent.UNCONFIRMED, "Email unconfirmed", "The mail server may or may not have taken an email (the "
                + "transfer was cut); it is not sent again by itself." + EMAIL, Subject.EMAIL);
        add(EmailEvent.BOUNCED, "Email bounced", "An email came back undelivered (a delivery status notification). data: "
                + "the email, as GET /api/v1/emails lists it.", Subject.EMAIL);
        add(EmailDelivered.TYPE, "Email delivered", "The recipient's server took an email (a delivery report or the "
                + "relay provider's event)." + EMAIL, Subject.EMAIL);
        add(EmailOpened.TYPE, "Email opened", "An email was opened (its tracking image fetched, the first time)." + EMAIL,
                Subject.EMAIL);
        add(EmailDropped.TYPE, "Email dropped", "An email was not sent at all: every To address is on the suppression "
                + "list (it bounced or complained before)." + EMAIL, Subject.EMAIL);
        add(EmailComplained.TYPE, "Email complained", "A reader reported an email as spam; the address is now "
                + "suppressed." + EMAIL, Subject.EMAIL);
        add(CardCreated.TYPE, "New card", "A client got a card in a pipeline. data: what the event says (card, "
                + "pipeline, client, stage, who).", Subject.EVENT, CardCreated.class);
        add(CardMoved.TYPE, "Card moved", "A card went from one stage to another. data: what the event says (card, "
                + "pipeline, client, the stage before and after, who moved it).", Subject.EVENT, CardMoved.class);
        add(TaskCreated.TYPE, "New task", "A task was created. data: what the event says (task, title, due time, "
                + "assignee, client, document, who).", Subject.EVENT, TaskCreated.class);
        add(TaskDue.TYPE, "Task due", "A task not done reached its due time (its assignee was reminded by e-mail). "
                + "data: what the event says (task, title, due time, assignee, client, document).", Subject.EVENT,
                TaskDue.class);
        add(TaskDone.TYPE, "Task done", "A task was marked done. data: what the event says (task, title, due time, "
                + "assignee, client, document, when).", Subject.EVENT, TaskDone.class);
        add(AccountConnected.TYPE, "Account connected", "An OAuth2 account was connected, or reconnected. data: what the "
                + "event says (account, provider, purpose, e-mail, reconnected).", Subject.EVENT, AccountConnected.class);
        add(AccountDisconnected.TYPE, "Account disconnected", "An OAuth2 account was disconnected. data: what the event "
                + "says (account, provider, purpose, e-mail, revoked).", Subject.EVENT, AccountDisconnected.class);
        add(AccountNeedsReconnect.TYPE, "Account needs reconnect", "The provider refused a connected account's grant "
                + "(revoked, expired): someone must reconnect it. data: what the event says (account, provider, purpose, "
                + "e-mail, reason, reconnectUrl to open in a browser).", Subject.EVENT, AccountNeedsReconnect.class);
        add(ShopOrderReceived.TYPE, "New shop order", "A shop connection received an order for the first time. data: the "
                + "order as stored (shop, order id and number, status, total, buyer's e-mail, the document made for it).",
                Subject.SHOP_ORDER);
        add(ShopWebhookProblem.DISABLED, "Shop webhook disabled", "A shop's webhook to Passerelle was found disabled. "
                + "data: what the event says (connection, shop, webhook, topic, status, whether Passerelle re-enabled "
                + "it and why not).", Subject.EVENT, ShopWebhookProblem.class);
        add(ShopWebhookProblem.MISSING, "Shop webhook missing", "A shop's webhook to Passerelle was found missing. "
                + "data: what the event says, as for woocommerce.webhook_disabled.", Subject.EVENT,
                ShopWebhookProblem.class);
        add(SubscriptionDisabled.TYPE, "Subscription disabled", "A webhook subscription was disabled after its "
                + "deliveries failed for days. data: what the event says (subscription, event, target URL, failing "
                + "since, last error).", Subject.EVENT, SubscriptionDisabled.class);
    }

    private EventTypes() {
    }

    private static void add(String event, String label, String description, Subject subject) {
        add(event, label, description, subject, null);
    }

    private static void add(String event, String label, String description, Subject subject,
                            Class<? extends EventPayload> payload) {
        ALL.put(event, new EventType(event, label, description, subject, payload));
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
