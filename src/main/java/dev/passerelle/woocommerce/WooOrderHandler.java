package dev.passerelle.woocommerce;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.inbox.InboxHandler;
import dev.passerelle.invoicing.Client;
import dev.passerelle.invoicing.ClientInput;
import dev.passerelle.invoicing.Clients;
import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentDraft;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.invoicing.Documents;
import dev.passerelle.mail.SendRequested;
import dev.passerelle.invoicing.ExternalRef;
import dev.passerelle.invoicing.Payment;
import dev.passerelle.invoicing.ProductInput;
import dev.passerelle.invoicing.Products;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Rows;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the document a shop chose from each stored order delivery, inside the transaction that
 * marks the inbox event processed.
 *
 * <p>Exactly once, whatever arrives how often and in which order: all deliveries of one order
 * are serialised on its {@code woo_order} row (a row lock, so two workers on two instances take
 * turns); the row remembers the newest order state applied, so an older delivery arriving late
 * changes nothing; and the document itself is keyed by (shop connection, order id, kind) with
 * a unique constraint. Later states only move the document along (paid, cancelled); they never
 * rewrite it.
 */
@Component
class WooOrderHandler implements InboxHandler {

    private static final Logger log = LoggerFactory.getLogger(WooOrderHandler.class);
    private static final Set<DocumentStatus> PAYABLE = Set.of(DocumentStatus.ISSUED, DocumentStatus.SENT,
            DocumentStatus.VIEWED, DocumentStatus.OVERDUE, DocumentStatus.PARTIALLY_PAID);

    private final WooConnections connections;
    private final Clients clients;
    private final Products products;
    private final Documents documents;
    private final DomainEvents events;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    /** Looked up on use: listeners (routes) reach back into this flow through their blocks. */
    private final ObjectProvider<ShopOrderListener> listenerProvider;
    private volatile List<ShopOrderListener> listeners;

    WooOrderHandler(WooConnections connections, Clients clients, Products products, Documents documents,
                    DomainEvents events, JdbcClient jdbc, JsonMapper json, Clock clock,
                    ObjectProvider<ShopOrderListener> listeners) {
        this.connections = connections;
        this.clients = clients;
        this.products = products;
        this.documents = documents;
        this.events = events;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.listenerProvider = listeners;
    }

    @Override
    public String source() {
        return WooReceiver.SOURCE;
    }

    @Override
    public void handle(InboxEvent event) {
        Optional<WooConnections.Row> found = connections.rowForEvent(event.tenantId(), event.connectionId());
        if (found.isEmpty() || found.get().status() == WooConnection.Status.DELETED) {
            return;
        }
        WooConnections.Row connection = found.get();
        if (!WooRecovery.ORIGIN.equals(event.header(WooRecovery.ORIGIN_HEADER))) {
            connections.noteDelivery(connection, event.receivedAt());
        }
        if (connection.status() == WooConnection.Status.PAUSED) {
            // Acknowledged and kept (the shop must never see a failure), but paused means no documents.
            // Replay the event, or let the recovery poll catch up, after resuming.
            return;
        }
        JsonNode order = json.readTree(event.body());
        UUID documentId = apply(connection, order);
        List<ShopOrderListener> listeners = listeners();
        if (documentId != STALE && listeners.stream().anyMatch(ShopOrderListener::listening)) {
            // One order state, one trigger: the same state delivered twice (a retry, created + updated)
            // is the same trigger, so routes run once for it.
            UUID state = UUID.nameUUIDFromBytes(("woocommerce:" + connection.id() + ":" + OrderMapper.orderId(order)
                    + ":" + OrderMapper.text(order, "date_modified_gmt") + ":" + OrderMapper.status(order))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (ShopOrderListener listener : listeners) {
                listener.received(connection.tenantId(), connection.name(), state, event.receivedAt(), order, documentId);
            }
        }
    }

    private static String orderNumber(JsonNode order) {
        String number = OrderMapper.text(order, "number");
        return number.isEmpty() ? OrderMapper.orderId(order) : number;
    }

    private List<ShopOrderListener> listeners() {
        List<ShopOrderListener> known = listeners;
        if (known == null) {
            known = listenerProvider.orderedStream().toList();
            listeners = known;
        }
        return known;
    }

    /** What {@link #apply} returns for a delivery older than what was already applied. */
    private static final UUID STALE = new UUID(0, 0);

    static boolean isStale(UUID applied) {
        return applied == STALE;
    }

    /**
     * Applies the order; returns its document's id (null when none is due yet), or {@link #STALE}.
     * An order that can never be documented as it is throws {@link InvalidInput}, which says so to
     * the shop owner.
     */
    UUID apply(WooConnections.Row connection, JsonNode order) {
        try {
            OrderMapper.check(order);
            return applyChecked(connection, order);
        } catch (InvalidInput e) {
            throw new InvalidInput("WooCommerce order #" + orderNumber(order) + " of " + connection.name() + " cannot "
                    + "be documented: " + e.getMessage() + ". Correct the order in WooCommerce (saving it sends it "
                    + "again), or replay this event once the cause is fixed.");
        }
    }

    private UUID applyChecked(WooConnections.Row connection, JsonNode order) {
        UUID tenantId = connection.tenantId();
        String orderId = OrderMapper.orderId(order);
        String modified = OrderMapper.text(order, "date_modified_gmt");
        OrderState state = lock(connection, orderId);
        if (!modified.isEmpty() && state.lastModified() != null && modified.compareTo(state.lastModified()) < 0) {
            log.debug("Order {} of connection {}: delivery of {} is older than {} already applied", orderId,
                    connection.id(), modified, state.lastModified());
            return STALE;
        }
        if (state.firstSeen()) {
            // Once per order: the row this transaction inserted says it is the first delivery applied.
            // Published before the document is made: issuing takes the tenant's numbering lock, held
            // until commit, and every statement after it holds up the shop's next order.
            events.publish(tenantId, orderSubject(connection.id(), orderId), new ShopOrderReceived(connection.id(),
                    connection.name(), orderId, orderNumber(order), OrderMapper.status(order)));
        }
        WooSettings settings = connection.settings();
        DocumentKind kind = settings.documentKind();
        ExternalRef ref = new ExternalRef(OrderMapper.SOURCE, connection.id(), orderId);
        // An order seen for the first time has no document yet; should one exist by other means, the
        // document's unique key on (shop, order, kind) still keeps it the only one.
        Optional<Document> existing = state.firstSeen() ? Optional.empty() : documents.findByExternalRef(tenantId, kind, ref);
        UUID documentId = existing.map(Document::id).orElse(null);
        if (existing.isEmpty()) {
            if (OrderMapper.triggerReached(settings.trigger(), order)) {
                documentId = create(connection, settings, kind, ref, order);
            }
        } else {
            move(connection, existing.get(), order);
        }
        String currency = OrderMapper.text(order, "currency").toUpperCase(java.util.Locale.ROOT);
        String email = OrderMapper.text(order.path("billing"), "email");
        jdbc.sql("""
                UPDATE woo_order SET last_status = ?, last_modified = ?, document_id = ?, updated_at = ?, number = ?,
                       currency = ?, total = ?, billing_email = ?
                WHERE connection_id = ? AND order_id = ?""")
                .params(OrderMapper.status(order), modified.isEmpty() ? state.lastModified() : modified, documentId,
                        Timestamp.from(clock.instant()), cut(orderNumber(order), 40), cut(currency, 3),
                        cut(OrderMapper.money(order, "total").toPlainString(), 40), email.isEmpty() ? null : cut(email, 320), connection.id(), orderId)
                .update();
        return documentId;
    }

    /** The subject id of a shop order's events: the same for every event about that order of that shop. */
    static UUID orderSubject(UUID connectionId, String orderId) {
        return UUID.nameUUIDFromBytes(("woocommerce-order:" + connectionId + ":" + orderId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private UUID create(WooConnections.Row connection, WooSettings settings, DocumentKind kind, ExternalRef ref,
                        JsonNode order) {
        UUID tenantId = connection.tenantId();
        String language = OrderMapper.language(settings, order);
        Client client = client(tenantId, OrderMapper.client(order, connection.id(), language));
        for (ProductInput product : OrderMapper.products(order, connection.id())) {
            // A product the shop already gave us is not rewritten per order: popular products would
            // otherwise be a row every concurrent order waits for.
            if (product.externalRef() == null || !products.isLinked(tenantId, product.externalRef())) {
                products.upsert(tenantId, product);
            }
        }
        DocumentDraft draft = new DocumentDraft(kind, client.id(), OrderMapper.text(order, "currency"),
                order.path("prices_include_tax").asBoolean(false), OrderMapper.lines(order),
                OrderMapper.customerNote(order), OrderMapper.internalNote(order, connection.name()), null, null,
                language, ref);
        Payment paidWith = kind == DocumentKind.INVOICE && OrderMapper.paid(order) ? payment(order) : null;
        Documents.Outcome outcome = settings.keepDraft()
                ? documents.createOnce(tenantId, draft, client, "woocommerce")
                : documents.createIssuedOnce(tenantId, draft, client, paidWith, "woocommerce");
        Document document = outcome.document();
        if (outcome.created() && settings.autoSend()) {
            requestSend(connection, settings, document, order);
        }
        // Created late (e.g. on completion) for an order refunded in part before.
        creditRefunds(connection, document, order);
        return document.id();
    }

    /**
     * The returning buyer's client as it is when the order says nothing new about them (most
     * orders); otherwise upserted, which adds a new address or e-mail and never makes a second client.
     */
    private Client client(UUID tenantId, ClientInput in) {
        Optional<Client> known = in.externalRef() != null ? clients.findByExternalRef(tenantId, in.externalRef())
                : in.emails().isEmpty() ? Optional.empty() : clients.findByEmail(tenantId, in.emails().get(0));
        if (known.isEmpty()) {
            return clients.upsert(tenantId, in);
        }
        return unchanged(known.get(), in) ? known.get() : clients.merge(tenantId, known.get(), in);
    }

    private static boolean unchanged(Client c, ClientInput in) {
        return c.name().equals(in.name()) && Objects.equals(c.company(), in.company())
                && in.emails().stream().allMatch(e -> c.emails().stream().anyMatch(e::equalsIgnoreCase))
                && Objects.equals(c.phone(), in.phone()) && Objects.equals(c.billingAddress(), in.billingAddress())
                && (in.shippingAddress() == null || in.shippingAddress().equals(c.shippingAddress()))
                && (in.vatNumber() == null || in.vatNumber().equals(c.vatNumber()))
                && (in.language() == null || in.language().equals(c.language()));
    }

    /**
     * Later states of an order already documented: paid, refunded in part, cancelled or refunded.
     * Nothing else changes it.
     */
    private void move(WooConnections.Row connection, Document document, JsonNode order) {
        UUID tenantId = connection.tenantId();
        if (OrderMapper.dead(order) && !OrderMapper.status(order).equals("failed")) {
            if (document.status() != DocumentStatus.CANCELLED) {
                // Once a refund has its own credit note, the later ones get theirs too, and the
                // cancellation credits only what is left; otherwise one credit note negates it all.
                if (documents.credited(document).signum() > 0) {
                    creditRefunds(connection, document, order);
                }
                Documents.Outcome cancelled = documents.cancelOnce(tenantId, document.id(), "order #"
                        + OrderMapper.text(order, "number") + " " + OrderMapper.status(order) + " in the shop", "woocommerce");
                if (cancelled.created() && cancelled.document().kind() == DocumentKind.CREDIT_NOTE) {
                    sendCreditNote(connection, cancelled.document());
                }
            }
            return;
        }
        creditRefunds(connection, pay(tenantId, document, order), order);
    }

    /**
     * One credit note per refund of an issued invoice, however often the order is delivered. A
     * draft (the shop keeps drafts) is issued by hand first; its refunds are credited by hand too.
     */
    private void creditRefunds(WooConnections.Row connection, Document document, JsonNode order) {
        if (document.kind() != DocumentKind.INVOICE || document.status() == DocumentStatus.DRAFT
                || document.status() == DocumentStatus.CANCELLED) {
            return;
        }
        for (Documents.Refund refund : OrderMapper.refunds(order)) {
            Documents.Outcome credited = documents.creditRefund(connection.tenantId(), document.id(), refund, "woocommerce");
            if (credited.created()) {
                sendCreditNote(connection, credited.document());
            }
        }
    }

    /**
     * With autoSend, the buyer who got the invoice gets what credits it too, once (only the run that
     * made the credit note asks), in its own template: the shop's email texts are the invoice's.
     */
    private void sendCreditNote(WooConnections.Row connection, Document creditNote) {
        if (!connection.settings().autoSend()) {
            return;
        }
        events.publish(connection.tenantId(), creditNote.id(),
                new SendRequested(creditNote.id(), null, null, null, OrderMapper.SOURCE, connection.id()));
    }

    private Document pay(UUID tenantId, Document document, JsonNode order) {
        if (document.kind() != DocumentKind.INVOICE || !OrderMapper.paid(order) || !PAYABLE.contains(document.status())
                || document.balance().signum() <= 0) {
            return document;
        }
        return documents.markPaid(tenantId, document.id(), payment(order), "woocommerce");
    }

    /** The whole balance, paid on the order's payment date, with the shop's method and transaction id. */
    private Payment payment(JsonNode order) {
        String method = OrderMapper.text(order, "payment_method_title");
        String reference = OrderMapper.text(order, "transaction_id");
        return new Payment(null, paidOn(order), method.isEmpty() ? null : cut(method, 100),
                reference.isEmpty() ? null : cut(reference, 200));
    }

    /**
     * Hands the document to the mail outbox (the mail feature subscribes to this event). Written
     * in this transaction, only by the run that created the document: once per document.
     */
    private void requestSend(WooConnections.Row connection, WooSettings settings, Document document, JsonNode order) {
        boolean paid = OrderMapper.paid(order);
        WooSettings.EmailText text = paid ? settings.emailPaid() : settings.emailUnpaid();
        events.publish(connection.tenantId(), document.id(), new SendRequested(document.id(), paid ? "paid" : "unpaid",
                text == null ? null : text.subject(), text == null ? null : text.body(), OrderMapper.SOURCE,
                connection.id()));
    }

    record OrderState(String lastStatus, String lastModified, UUID documentId, boolean firstSeen) {
    }

    /**
     * Creates the order's row if needed and locks it until this transaction ends. A row this
     * transaction has just inserted is already locked (another worker's insert of the same order
     * waits for our commit, then finds it), so only a known order needs the locking read.
     */
    private OrderState lock(WooConnections.Row connection, String orderId) {
        Timestamp now = Timestamp.from(clock.instant());
        int inserted = jdbc.sql("""
                INSERT INTO woo_order (connection_id, order_id, tenant_id, updated_at, received_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(connection.id(), orderId, connection.tenantId(), now, now).update();
        if (inserted == 1) {
            return new OrderState(null, null, null, true);
        }
        return jdbc.sql("""
                SELECT last_status, last_modified, document_id FROM woo_order
                WHERE connection_id = ? AND order_id = ? FOR UPDATE""")
                .params(connection.id(), orderId)
                .query((rs, i) -> new OrderState(rs.getString("last_status"), rs.getString("last_modified"),
                        Rows.uuid(rs, "document_id"), false))
                .single();
    }

    private LocalDate paidOn(JsonNode order) {
        for (String field : new String[] {"date_paid_gmt", "date_paid"}) {
            String text = OrderMapper.text(order, field);
            if (!text.isEmpty()) {
                try {
                    return LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text).toLocalDate();
                } catch (DateTimeParseException e) {
                    // fall through to today
                }
            }
        }
        return LocalDate.now(clock);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

}
