package dev.passerelle.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class DocumentMathTest {

    private static LineInput item(String qty, String price, String discount, String rate) {
        return new LineInput(LineInput.Type.ITEM, "item", null, null, new BigDecimal(qty), new BigDecimal(price),
                discount == null ? null : new BigDecimal(discount), new BigDecimal(rate), "VAT " + rate + "%", null, null);
    }

    @Test
    void pricesExcludingTaxRoundEachLineHalfUp() {
        // 3 × 3.335 = 10.005 → 10.01 net; 10.01 × 20% = 2.002 → 2.00 tax
        Document.Line line = DocumentMath.line(1, item("3", "3.335", null, "20"), false, 2);

        assertThat(line.net()).isEqualByComparingTo("10.01");
        assertThat(line.tax()).isEqualByComparingTo("2.00");
        assertThat(line.gross()).isEqualByComparingTo("12.01");
    }

    @Test
    void pricesIncludingTaxKeepTheGrossAndDeriveNet() {
        // 19.99 incl. 20% → net 16.658… → 16.66, tax 3.33, gross stays 19.99
        Document.Line line = DocumentMath.line(1, item("1", "19.99", null, "20"), true, 2);

        assertThat(line.gross()).isEqualByComparingTo("19.99");
        assertThat(line.net()).isEqualByComparingTo("16.66");
        assertThat(line.tax()).isEqualByComparingTo("3.33");
    }

    @Test
    void discountIsAnAmountOffTheLine() {
        Document.Line line = DocumentMath.line(1, item("4", "25.00", "10.00", "5.5"), false, 2);

        assertThat(line.net()).isEqualByComparingTo("90.00");
        assertThat(line.tax()).isEqualByComparingTo("4.95");
    }

    @Test
    void severalRatesAreSummarisedPerRateAndTotalsAreSumsOfRoundedLines() {
        List<Document.Line> lines = DocumentMath.lines(List.of(
                item("2", "10.00", null, "20"),
                item("1", "7.35", null, "5.5"),
                item("1", "3.33", null, "20"),
                new LineInput(LineInput.Type.SHIPPING, "Shipping", null, null, BigDecimal.ONE, new BigDecimal("4.90"),
                        null, new BigDecimal("20"), "VAT 20%", null, null)), false, 2);

        DocumentMath.Totals totals = DocumentMath.totals(lines, 2);

        assertThat(totals.net()).isEqualByComparingTo("35.58");
        // 20% on 20.00 + 3.33 + 4.90 = 4.00 + 0.67 + 0.98; 5.5% on 7.35 = 0.40
        assertThat(totals.tax()).isEqualByComparingTo("6.05");
        assertThat(totals.total()).isEqualByComparingTo("41.63");
        assertThat(totals.taxes()).hasSize(2);
        Document.TaxTotal twenty = totals.taxes().get(0);
        assertThat(twenty.base()).isEqualByComparingTo("28.23");
        assertThat(twenty.tax()).isEqualByComparingTo("5.65");
    }

    @Test
    void precomputedLinesAreKeptToTheCent() {
        // WooCommerce's own figures: the document must reproduce them, not recompute them.
        LineInput fromShop = new LineInput(LineInput.Type.ITEM, "Woo Single #1", "ws1", null, new BigDecimal("2"),
                new BigDecimal("3"), null, new BigDecimal("7.5"), "State Tax", new BigDecimal("6.00"),
                new BigDecimal("0.45"));

        Document.Line line = DocumentMath.line(1, fromShop, false, 2);

        assertThat(line.net()).isEqualByComparingTo("6.00");
        assertThat(line.tax()).isEqualByComparingTo("0.45");
        assertThat(line.gross()).isEqualByComparingTo("6.45");
    }

    @Test
    void currencyScaleFollowsIso4217() {
        assertThat(DocumentMath.scale("JPY")).isZero();
        assertThat(DocumentMath.scale("EUR")).isEqualTo(2);
        assertThat(DocumentMath.scale("KWD")).isEqualTo(3);
        Document.Line yen = DocumentMath.line(1, item("3", "333.5", null, "10"), false, DocumentMath.scale("JPY"));
        assertThat(yen.net()).isEqualByComparingTo("1001");
        assertThat(yen.tax()).isEqualByComparingTo("100");
        assertThatThrownBy(() -> DocumentMath.scale("XYZW")).hasMessageContaining("unknown currency");
    }
}
