package dev.passerelle.woocommerce;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.Rows;
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
    private final JdbcClient jdbc;

    ShopOrders(WooConnections connections, WooOrderHandler handler, JdbcClient jdbc) {
        this.connections = connections;
        this.handler = handler;
        this.jdbc = jdbc;
    }

    /**
     * A shop order as stored: what the last delivery applied said of it (status, number, total, the
     * buyer's e-mail), the document made for it, and when it was first seen.
     *
     * @param total       the order's total, tax included, as the shop gave it
     * @param documentId  the document the shop's settings made for it, or null when none is due yet
     * @param receivedAt  when Passerelle first applied a delivery of it
     */
    public record StoredOrder(UUID connectionId, String shop, String orderId, String number, String status,
                              String currency, BigDecimal total, String billingEmail, UUID documentId,
                              Instant receivedAt, Instant updatedAt) {
    }

    public Optional<StoredOrder> find(UUID tenantId, UUID connectionId, String orderId) {
        return jdbc.sql("""
                SELECT o.connection_id, c.name, o.order_id, o.number, o.last_status, o.currency, o.total,
                       o.billing_email, o.document_id, o.received_at, o.updated_at
                FROM woo_order o JOIN woo_connection c ON c.id = o.connection_id
                WHERE o.tenant_id = ? AND o.connection_id = ? AND o.order_id = ?""")
                .params(tenantId, connectionId, orderId)
                .query((rs, i) -> new StoredOrder(Rows.uuid(rs, "connection_id"), rs.getString("name"),
                        rs.getString("order_id"), rs.getString("number"), rs.getString("last_status"),
                        rs.getString("currency"), rs.getString("total") == null ? null : new BigDecimal(rs.getString("total")),
                        rs.getString("billing_email"), Rows.uuid(rs, "document_id"), Rows.instant(rs, "received_at"),
                        Rows.instant(rs, "updated_at")))
                .optional();
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

    /** Shop orders first received since {@code since}, every shop of the tenant (the console's overview). */
    public long receivedSince(UUID tenantId, java.time.Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM woo_order WHERE tenant_id = ? AND received_at >= ?")
                .params(tenantId, java.sql.Timestamp.from(since)).query(Long.class).single();
    }
}
