package dev.passerelle.invoicing;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * A document's labels in its language ("Invoice", "Rechnung", "Refund", ...): one set of
 * translations for the PDF, the public page and the lines invoicing writes itself (credit notes).
 * They live in {@code pdf/messages_xx.properties}, next to the PDF template that uses most of them.
 */
public final class DocumentLabels {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private DocumentLabels() {
    }

    /** The labels of a supported language; a key it lacks fails rather than printing nothing. */
    public static Function<String, String> of(String language) {
        ResourceBundle bundle = ResourceBundle.getBundle("pdf.messages", Locale.forLanguageTag(language), NO_FALLBACK);
        return key -> {
            try {
                return bundle.getString(key);
            } catch (MissingResourceException e) {
                throw new IllegalStateException("no document label '" + key + "' for " + bundle.getLocale(), e);
            }
        };
    }

    /** The label key of a document's title ("Invoice", "Rechnung", ...). */
    public static String titleKey(DocumentKind kind) {
        return switch (kind) {
            case INVOICE -> "invoice";
            case CREDIT_NOTE -> "creditNote";
            case ORDER_CONFIRMATION -> "orderConfirmation";
            case DELIVERY_NOTE -> "deliveryNote";
        };
    }
}
