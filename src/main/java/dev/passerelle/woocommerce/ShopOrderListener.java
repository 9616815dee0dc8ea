package dev.passerelle.woocommerce;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Told of each order delivery once the built-in flow has applied it (never of a delivery older
 * than one already applied), inside the inbox transaction: what a listener writes commits once with it.
 */
public interface ShopOrderListener {

    /** Whether anything listens now: when nothing does, an order costs nothing more. */
    boolean listening();

    /**
     * @param stateId    the order's state (shop, order, modification time, status): the same for every
     *                   delivery of that state
     * @param order      the order as the shop sent it
     * @param documentId the document the shop's settings made for it, or null when none is due yet
     */
    void received(UUID tenantId, String shopName, UUID stateId, Instant receivedAt, JsonNode order, UUID documentId);
}
