package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.passerelle.support.InvalidInput;
import tools.jackson.databind.node.ObjectNode;

/**
 * An amount written with a huge exponent is a few bytes of JSON and billions of digits once
 * rounded: one such order held a worker thread and the heap until the JVM died. Amounts and
 * quantities are refused beyond what any shop writes.
 */
class OrderMapperAmountsTest {

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1E+999999999", "1e-999999999", "99999999999999999999"})
    void anAmountNoShopWritesIsRefusedAtOnce(String amount) {
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("total", amount);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> OrderMapper.check(order)).isInstanceOf(InvalidInput.class)
                        .hasMessageContaining("total"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-999999999", "1e999999999"})
    void aQuantityNoShopWritesIsRefusedAtOnce(String quantity) {
        ObjectNode order = Shop.order("order-727-processing.json");
        ((ObjectNode) order.get("line_items").get(0)).put("quantity", quantity);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> OrderMapper.lines(order)).isInstanceOf(InvalidInput.class)
                        .hasMessageContaining("quantity"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"29.35", "-12.5", "0", "123456789012.3456", "1e3"})
    void ordinaryAmountsStillRead(String amount) {
        ObjectNode order = Shop.order("order-727-processing.json");
        order.put("total", amount);

        assertThat(OrderMapper.money(order, "total")).isEqualByComparingTo(new BigDecimal(amount));
    }
}
