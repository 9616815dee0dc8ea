package dev.passerelle.invoicing;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/**
 * How a document's amounts, quantities, rates and dates are written in its language: one format
 * for the PDF, the public page and the emails, so a client never reads "US$29.35" in the email and
 * "$29.35" on the invoice. Not thread-safe (it holds {@link NumberFormat}s): one per render.
 */
public final class DocumentFormat {

    private final Locale locale;
    private final NumberFormat money;
    private final NumberFormat amount;
    private final NumberFormat quantity;
    private final NumberFormat percent;
    private final DateTimeFormatter dates;

    private DocumentFormat(String language, String currencyCode) {
        this.locale = withCountry(language);
        Currency currency = Currency.getInstance(currencyCode);
        int scale = Math.max(currency.getDefaultFractionDigits(), 0);
        this.money = NumberFormat.getCurrencyInstance(locale);
        money.setCurrency(currency);
        money.setMinimumFractionDigits(scale);
        money.setMaximumFractionDigits(scale);
        this.amount = NumberFormat.getNumberInstance(locale);
        amount.setMinimumFractionDigits(scale);
        amount.setMaximumFractionDigits(scale);
        this.quantity = NumberFormat.getNumberInstance(locale);
        quantity.setMaximumFractionDigits(4);
        this.percent = NumberFormat.getPercentInstance(locale);
        percent.setMaximumFractionDigits(3);
        this.dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
    }

    /** For a document's language (ISO 639-1) and currency (ISO 4217). */
    public static DocumentFormat of(String language, String currency) {
        return new DocumentFormat(language, currency);
    }

    public Locale locale() {
        return locale;
    }

    /** With the currency's symbol: "29,35 €", "US$29.35". */
    public String money(BigDecimal value) {
        return value == null ? null : money.format(value);
    }

    /** Without a symbol, at the currency's scale: a table column whose currency is said once. */
    public String amount(BigDecimal value) {
        return value == null ? null : amount.format(value);
    }

    public String quantity(BigDecimal value) {
        return value == null ? null : quantity.format(value);
    }

    /** A rate in percent (21 → "21 %" in French, "21%" in English). */
    public String rate(BigDecimal ratePercent) {
        return percent.format(ratePercent == null ? BigDecimal.ZERO : ratePercent.movePointLeft(2));
    }

    public String date(LocalDate value) {
        return value == null ? null : dates.format(value);
    }

    /**
     * The language with the country whose conventions the documents use: a bare language lets
     * the JDK pick ambiguous symbols ("$" for any dollar) and, for some, no grouping at all.
     */
    private static Locale withCountry(String language) {
        return switch (language == null ? "" : language) {
            case "fr" -> Locale.FRANCE;
            case "de" -> Locale.GERMANY;
            case "it" -> Locale.ITALY;
            case "es" -> Locale.forLanguageTag("es-ES");
            case "nl" -> Locale.forLanguageTag("nl-NL");
            default -> Locale.forLanguageTag("en-IE");
        };
    }
}
