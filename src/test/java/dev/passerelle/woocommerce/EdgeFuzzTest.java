package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.passerelle.invoicing.LineInput;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.StandardWebhooks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Coverage-guided fuzzing of what an outsider's bytes reach first: the order mapper that makes
 * documents of whatever order a shop sends, and the Standard Webhooks check of signed hooks. A
 * crash, an exception other than the {@link InvalidInput} that tells the shop owner what is wrong,
 * or an order whose lines do not add up to its total is a finding. (The receivers' HTTP answers to
 * hostile input are checked by HeaderInjectionTest and the receivers' own tests: the whole server
 * under Jazzer's instrumentation had not begun fuzzing after 9 minutes on the loaded shared machine.)
 *
 * <p>{@code ./mvnw verify} fuzzes it for {@link #SECONDS} in a JVM of its own (surefire's
 * {@code fuzz} execution sets JAZZER_FUZZ and instruments {@code dev.passerelle} only); the seeds
 * in {@code EdgeFuzzTestInputs/edge} are the WooCommerce fixtures. A finding is written there as a
 * {@code crash-*} file and replayed by every later run. The mutations follow one seed
 * ({@code jazzer.seed} in the pom), so CI replays a prefix of what was fuzzed before a change landed
 * instead of failing at random on a finding nobody has seen: a change to the edge is fuzzed locally
 * for longer first, e.g. with {@link #SECONDS} at 150s and an empty {@code .cifuzz-corpus},
 * {@code ./mvnw -B -ntp test-compile surefire:test@fuzz}, and with other seeds
 * ({@code -Djazzer.seed=N}) to look further.
 */
class EdgeFuzzTest {

    /** The CI budget: the whole suite must stay well under 20 minutes. */
    static final String SECONDS = "30s";

    @FuzzTest(maxDuration = SECONDS)
    void edge(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            standardWebhooks(data);
        } else {
            orderMapper(data.consumeRemainingAsBytes());
        }
    }

    /** Every piece of a document the handler takes from an order, as it takes them. */
    private static void orderMapper(byte[] body) {
        JsonNode order;
        try {
            order = Shop.JSON.readTree(body);
        } catch (JacksonException e) {
            return;
        }
        if (order == null || !order.isObject() || !order.path("id").canConvertToLong()) {
            // The receiver refuses these (400, "not a WooCommerce order"), so the mapper never sees them.
            return;
        }
        try {
            OrderMapper.check(order);
            OrderMapper.orderId(order);
            OrderMapper.paid(order);
            OrderMapper.refunds(order);
            for (WooSettings.Trigger trigger : WooSettings.Trigger.values()) {
                OrderMapper.triggerReached(trigger, order);
            }
            String language = OrderMapper.language(WooSettings.defaults(), order);
            OrderMapper.client(order, UUID.randomUUID(), language);
            OrderMapper.products(order, UUID.randomUUID());
            List<LineInput> lines = OrderMapper.lines(order);
            OrderMapper.internalNote(order, "Boutique");
            OrderMapper.customerNote(order);
            int scale = OrderMapper.scale(OrderMapper.text(order, "currency"));
            BigDecimal sum = BigDecimal.ZERO;
            for (LineInput line : lines) {
                sum = sum.add(line.net().setScale(scale, RoundingMode.HALF_UP))
                        .add(line.tax().setScale(scale, RoundingMode.HALF_UP));
            }
            assertThat(sum).as("the lines add up to the order total")
                    .isEqualByComparingTo(OrderMapper.money(order, "total").setScale(scale, RoundingMode.HALF_UP));
        } catch (InvalidInput expected) {
            // What the shop owner reads on the event: the order cannot be documented as it is.
        }
    }

    private static void standardWebhooks(FuzzedDataProvider data) {
        byte[] key = data.consumeBytes(40);
        String id = data.consumeString(40);
        String timestamp = data.consumeString(30);
        String signatures = data.consumeString(200);
        byte[] body = data.consumeRemainingAsBytes();
        StandardWebhooks.Verdict verdict = StandardWebhooks.verify(key, id, timestamp, signatures, body, Instant.now());
        assertThat(verdict.valid() || verdict.problem() != null).isTrue();
    }
}
