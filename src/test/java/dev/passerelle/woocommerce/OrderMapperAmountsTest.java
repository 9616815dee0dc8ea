package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.passerelle.invoicing.LineInput;
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

    /**
     * Found by EdgeFuzzTest in CI: a line's tax of a half cent, moved by the order's tax gap across
     * zero, rounded away from zero on both sides (0.005 to 0.01, then -0.015 to -0.02) and the
     * lines ended a cent off the order total.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0.005", "-0.005", "0.015", "-0.025"})
    void aTaxGapThatMovesAHalfCentAcrossZeroStillAddsUpToTheTotal(String lineTax) {
        ObjectNode order = (ObjectNode) Shop.JSON.readTree("""
                {"id": 1, "currency": "EUR", "total": "0.00", "total_tax": "-0.01",
                 "line_items": [{"id": 1, "name": "Mug", "quantity": 1, "subtotal": "0", "total": "0",
                                 "total_tax": "%s"}]}""".formatted(lineTax));

        BigDecimal sum = BigDecimal.ZERO;
        for (LineInput line : OrderMapper.lines(order)) {
            sum = sum.add(line.net().setScale(2, RoundingMode.HALF_UP)).add(line.tax().setScale(2, RoundingMode.HALF_UP));
        }

        assertThat(sum).isEqualByComparingTo("0.00");
    }
}
