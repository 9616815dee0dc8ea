package dev.passerelle.woocommerce;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.passerelle.events.EventPayload;

/** A shop connection applied an order for the first time: published once per order. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ShopOrderReceived(UUID connectionId, String shop, String orderId, String number, String status)
        implements EventPayload {

    public static final String TYPE = "shop.order_received";

    @Override
    public String eventType() {
        return TYPE;
    }
}
