package dev.passerelle.woocommerce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.Languages;
import tools.jackson.databind.JsonNode;

/**
 * What a shop chose, as invoicing tools ask it: which document an order becomes, at which point
 * of the order's life, whether it is e-mailed at once (else it stays unsent, or a draft with
 * {@code keepDraft}), the e-mail texts for paid and unpaid orders, and the document language.
 *
 * @param documentKind             ORDER_CONFIRMATION, DELIVERY_NOTE or INVOICE (taken in any case, answered
 *                                 in upper case like every enum value of the API)
 * @param trigger                  CREATED, PROCESSING, PAID or COMPLETED
 * @param autoSend                 hand the document to the mail outbox as soon as it is issued
 * @param keepDraft                leave the document a draft (no number, not sent); not with autoSend
 * @param emailPaid                subject and body for orders already paid; null fields = the mail defaults
 * @param emailUnpaid              subject and body for orders not paid yet
 * @param language                 billing_country, or a fixed en/fr/de/it/es/nl
 * @param reenableDisabledWebhooks with REST keys, switch webhooks the shop disabled back on
 */
record WooSettings(DocumentKind documentKind, Trigger trigger, boolean autoSend, boolean keepDraft, EmailText emailPaid,
                   EmailText emailUnpaid, String language, boolean reenableDisabledWebhooks) {

    private static final List<DocumentKind> KINDS = List.of(DocumentKind.ORDER_CONFIRMATION,
            DocumentKind.DELIVERY_NOTE, DocumentKind.INVOICE);
    static final String BILLING_COUNTRY = "billing_country";

    record EmailText(String subject, String body) {
    }

    /** The point of an order's life at which it becomes a document. */
    enum Trigger {
        CREATED, PROCESSING, PAID, COMPLETED
    }

    static WooSettings defaults() {
        return new WooSettings(DocumentKind.INVOICE, Trigger.PAID, false, false, new EmailText(null, null), new EmailText(null, null),
                BILLING_COUNTRY, false);
    }

    /** Reads settings from a request, on top of {@code base} (defaults on create, the current ones on PATCH). */
    static WooSettings parse(JsonNode node, WooSettings base) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return base;
        }
        if (!node.isObject()) {
            throw new InvalidInput("settings: must be an object");
        }
        List<String> errors = new ArrayList<>();
        for (String field : node.propertyNames()) {
            if (!Set.of("documentKind", "trigger", "autoSend", "keepDraft", "emailPaid", "emailUnpaid", "language",
                    "reenableDisabledWebhooks").contains(field)) {
                errors.add("settings." + field + ": unknown setting");
            }
        }
        DocumentKind kind = oneOf(node, "documentKind", KINDS, base.documentKind(), errors);
        Trigger trigger = oneOf(node, "trigger", List.of(Trigger.values()), base.trigger(), errors);
        String language = text(node, "language", base.language(), errors);
        if (language != null && !BILLING_COUNTRY.equals(language) && !Languages.isSupported(language)) {
            errors.add("settings.language: billing_country or one of " + Languages.listed());
        }
        boolean autoSend = bool(node, "autoSend", base.autoSend(), errors);
        boolean keepDraft = bool(node, "keepDraft", base.keepDraft(), errors);
        boolean reenable = bool(node, "reenableDisabledWebhooks", base.reenableDisabledWebhooks(), errors);
        if (autoSend && keepDraft) {
            errors.add("settings.keepDraft: a draft cannot be sent automatically; turn autoSend off or keepDraft off");
        }
        EmailText paid = email(node, "emailPaid", base.emailPaid(), errors);
        EmailText unpaid = email(node, "emailUnpaid", base.emailUnpaid(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInput(String.join("; ", errors));
        }
        return new WooSettings(kind, trigger, autoSend, keepDraft,
                paid, unpaid, BILLING_COUNTRY.equals(language) ? language : language.toLowerCase(Locale.ROOT), reenable);
    }

    /** One of {@code allowed}, named in any case (the API answers upper case, shops often write lower). */
    private static <E extends Enum<E>> E oneOf(JsonNode node, String field, List<E> allowed, E fallback,
                                               List<String> errors) {
        String given = text(node, field, null, errors);
        if (given == null) {
            return fallback;
        }
        for (E value : allowed) {
            if (value.name().equalsIgnoreCase(given.replace('-', '_'))) {
                return value;
            }
        }
        errors.add("settings." + field + ": one of " + String.join(", ", allowed.stream().map(Enum::name).toList())
                + " (in any case)");
        return fallback;
    }

    private static String text(JsonNode node, String field, String fallback, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isString() || value.asString().isBlank()) {
            errors.add("settings." + field + ": must be a non-empty string");
            return fallback;
        }
        return value.asString().strip();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            errors.add("settings." + field + ": must be true or false");
            return fallback;
        }
        return value.asBoolean();
    }

    private static EmailText email(JsonNode node, String field, EmailText fallback, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isObject()) {
            errors.add("settings." + field + ": an object {subject, body}");
            return fallback;
        }
        for (String f : value.propertyNames()) {
            if (!f.equals("subject") && !f.equals("body")) {
                errors.add("settings." + field + "." + f + ": unknown field (subject, body)");
            }
        }
        String subject = optionalText(value, "subject", fallback.subject(), 300, field, errors);
        String body = optionalText(value, "body", fallback.body(), 20_000, field, errors);
        return new EmailText(subject, body);
    }

    private static String optionalText(JsonNode node, String field, String fallback, int max, String parent,
                                       List<String> errors) {
        if (!node.has(field)) {
            return fallback;
        }
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add("settings." + parent + "." + field + ": must be a string");
            return fallback;
        }
        String text = value.asString();
        if (text.length() > max) {
            errors.add("settings." + parent + "." + field + ": at most " + max + " characters");
            return fallback;
        }
        return text.isBlank() ? null : text;
    }

}
