package dev.passerelle.woocommerce;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;

/**
 * The shop-order flow as a service other features may call: an order (WooCommerce's JSON) applied
 * to one of the tenant's shop connections exactly as a delivery would be — client, products, the
 * document the shop's settings ask for, payment, refunds, auto-send — once per order state.
 */
@Service
public class ShopOrders {

    private final WooConnections connections;
    private final WooOrderHandler handler;

    ShopOrders(WooConnections connections, WooOrderHandler handler) {
        this.connections = connections;
        this.handler = handler;
    }

    /** What applying gave: the document (null when none is due yet), or that the order state was older. */
    public record Applied(UUID connectionId, UUID documentId, boolean stale) {
    }

    /** Empty when the tenant has no shop connection of that name. */
    @Transactional
    public Optional<Applied> apply(UUID tenantId, String shopName, JsonNode order) {
        return connections.rowByName(tenantId, shopName).map(connection -> {
            UUID documentId = handler.apply(connection, order);
            boolean stale = WooOrderHandler.isStale(documentId);
            return new Applied(connection.id(), stale ? null : documentId, stale);
        });
    }
}
