package dev.passerelle.routes;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.woocommerce.ShopOrderListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code passerelle:shop-order}: each applied order delivery starts a run for each installation
 * whose route wants the order's status (and shop, if it names one). The payload is the order,
 * with {@code documentId} the built-in flow's document; each order state triggers once, however
 * often the shop delivers it.
 */
@Component
class ShopOrderRunStarter implements ShopOrderListener {

    static final String BLOCK = "shop-order";

    private final RunStarter starter;

    ShopOrderRunStarter(RunStarter starter) {
        this.starter = starter;
    }

    @Override
    public boolean listening() {
        return starter.wanted(BLOCK, r -> true);
    }

    @Override
    public void received(UUID tenantId, String shopName, UUID stateId, Instant receivedAt, JsonNode order,
                         UUID documentId) {
        ObjectNode payload = order.isObject() ? ((ObjectNode) order).deepCopy() : null;
        if (payload == null) {
            return;
        }
        payload.put("documentId", documentId == null ? null : documentId.toString());
        String status = order.path("status").asString("");
        starter.start(tenantId, BLOCK, new RunStarter.Triggered(BLOCK, stateId, receivedAt, payload),
                (options, route) -> (options.text("status") == null || Arrays.stream(options.text("status").split(","))
                        .map(String::strip).anyMatch(status::equals))
                        && (options.text("shop") == null || options.text("shop").equals(shopName)));
    }
}
