package dev.passerelle.automation;

import java.math.BigDecimal;
import java.util.Locale;

import dev.passerelle.invoicing.DocumentStatus;

/** Whether an automation's conditions hold for a run's facts; when not, which one failed, in words. */
final class ConditionCheck {

    private ConditionCheck() {
    }

    /** Null when every condition given holds; else the first that does not. */
    static String failed(Automation.Conditions c, Facts f) {
        if (c == null) {
            return null;
        }
        var d = f.document();
        if (c.documentKind() != null && (d == null || !d.kind().name().equalsIgnoreCase(c.documentKind()))) {
            return "document kind is " + (d == null ? "none" : d.kind().name().toLowerCase(Locale.ROOT)) + ", not "
                    + c.documentKind();
        }
        if (c.totalAtLeast() != null && (d == null || d.total().compareTo(c.totalAtLeast()) < 0)) {
            return "total " + (d == null ? "none" : d.total().toPlainString()) + " is below " + c.totalAtLeast().toPlainString();
        }
        if (c.totalAtMost() != null && (d == null || d.total().compareTo(c.totalAtMost()) > 0)) {
            return "total " + (d == null ? "none" : d.total().toPlainString()) + " is above " + c.totalAtMost().toPlainString();
        }
        if (c.currency() != null && (d == null || !d.currency().equalsIgnoreCase(c.currency()))) {
            return "currency is " + (d == null ? "none" : d.currency()) + ", not " + c.currency();
        }
        var client = f.client();
        String country = client == null || client.billingAddress() == null ? null : client.billingAddress().country();
        if (c.clientCountry() != null && (country == null || !country.equalsIgnoreCase(c.clientCountry()))) {
            return "client country is " + (country == null ? "unknown" : country) + ", not " + c.clientCountry();
        }
        String language = client == null ? null : client.language();
        if (c.clientLanguage() != null && (language == null || !language.equalsIgnoreCase(c.clientLanguage()))) {
            return "client language is " + (language == null ? "unknown" : language) + ", not " + c.clientLanguage();
        }
        if (c.stage() != null) {
            String stage = f.values().path("card").path("stage").asString("");
            if (!stage.equalsIgnoreCase(c.stage().strip())) {
                return "card stage is " + (stage.isEmpty() ? "none" : stage) + ", not " + c.stage();
            }
        }
        if (Boolean.TRUE.equals(c.unpaid()) && (d == null || d.status() == DocumentStatus.PAID
                || d.status() == DocumentStatus.CANCELLED || d.balance().compareTo(BigDecimal.ZERO) <= 0)) {
            return "the document is no longer unpaid (" + (d == null ? "none"
                    : d.status().name().toLowerCase(Locale.ROOT)) + ")";
        }
        return null;
    }
}
