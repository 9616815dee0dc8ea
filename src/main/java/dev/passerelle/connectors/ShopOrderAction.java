package dev.passerelle.connectors;

import static dev.passerelle.connectors.PropertySpec.optional;
import static dev.passerelle.connectors.PropertySpec.required;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.woocommerce.ShopOrders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in WooCommerce flow as a block: the same handler that works every shop delivery
 * (bench/orders measures it), callable from a route with an order from elsewhere.
 */
@Component
class ShopOrderAction implements Action {

    private final ShopOrders orders;
    private final JsonMapper json;

    ShopOrderAction(ShopOrders orders, JsonMapper json) {
        this.orders = orders;
        this.json = json;
    }

    @Override
    public BlockSpec spec() {
        return new BlockSpec("apply-shop-order", BlockSpec.Role.ACTION, "Apply a WooCommerce order",
                "Applies an order in WooCommerce's JSON to one of the tenant's shop connections exactly as a delivery "
                        + "from the shop would be: the buyer as a client, the products, the document the connection's "
                        + "settings ask for at the moment they chose, payment, refunds and auto-send; once per order "
                        + "state, an older state changing nothing.",
                List.of(required("shop", PropertyType.TEXT, "Shop", "The name of the tenant's WooCommerce connection.",
                                "${install.shop}"),
                        optional("order", PropertyType.TEMPLATE, "Order", "The order, as WooCommerce's REST API v3 "
                                + "gives it.", "${event}", "${event.order}")),
                "{\"connectionId\": ..., \"documentId\": <the document, or null when none is due yet>, \"stale\": "
                        + "<true when a newer state was already applied>}")
                // An order stands for the shop's signed delivery: over HTTP, any API key could make documents
                // (and send them, with auto-send) for an order the shop never sent.
                .routeOnly("orders come from the shop's signed deliveries (POST /woocommerce/{token}) or a route "
                        + "that received one");
    }

    @Override
    public Effect effect() {
        return Effect.TRANSACTIONAL;
    }

    @Override
    public JsonNode run(ActionCall call) {
        JsonNode order = call.node("order");
        if (!order.isObject() || !order.has("id")) {
            throw new ActionException("order: expected a WooCommerce order (a JSON object with an id)");
        }
        String shop = call.requiredText("shop");
        return json.valueToTree(orders.apply(call.tenantId(), shop, order)
                .orElseThrow(() -> new ActionException("shop: no WooCommerce connection named '" + shop + "'")));
    }
}
