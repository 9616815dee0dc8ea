package dev.passerelle.woocommerce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.support.Ids;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the order handler on copies of a stored order under ids no shop uses, each in a transaction
 * that is rolled back: the inbox workers' path (the order's tree, the buyer, the document and its
 * number, the domain event, the routes' runs) is compiled before the first real order, and nothing
 * of it remains. Invoice numbers are rows of {@code document_sequence}, so a rollback leaves no gap.
 *
 * <p>The copies say they come from the recovery poll, as the handler then leaves the shop's
 * last-delivery time alone (it is remembered in memory too, and a rehearsal is no delivery).
 */
@Component
class HandlerRehearsal {

    private final WooOrderHandler handler;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    HandlerRehearsal(WooOrderHandler handler, TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.handler = handler;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** How many copies were handled and rolled back until the time was up. */
    long rehearse(InboxEvent stored, Duration howLong) {
        ObjectNode order = (ObjectNode) json.readTree(stored.body());
        Map<String, String> headers = new LinkedHashMap<>(stored.headers());
        headers.put(WooRecovery.ORIGIN_HEADER.toLowerCase(Locale.ROOT), WooRecovery.ORIGIN);
        long deadline = System.nanoTime() + howLong.toNanos();
        long handled = 0;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            // A new order each time (counting down from the largest id), so a document is made, not found.
            order.put("id", Long.MAX_VALUE - handled);
            Instant now = clock.instant();
            InboxEvent copy = new InboxEvent(Ids.newId(), stored.tenantId(), stored.source(), stored.connectionId(),
                    null, stored.contentType(), headers, json.writeValueAsBytes(order), InboxEvent.Status.PROCESSING,
                    1, now, now, null, null);
            tx.executeWithoutResult(status -> {
                status.setRollbackOnly();
                handler.handle(copy);
            });
            handled++;
        }
        return handled;
    }
}
