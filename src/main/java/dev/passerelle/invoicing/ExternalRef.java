package dev.passerelle.invoicing;

import java.util.UUID;

/**
 * Where a record came from in another system: e.g. source {@code woocommerce}, connection =
 * the shop connection, id = the shop's customer, product or order id.
 */
public record ExternalRef(String source, UUID connectionId, String id) {

    /** Stands for "no particular connection": a reference an API caller (a zap, a script) supplies. */
    public static final UUID NO_CONNECTION = new UUID(0, 0);
}
