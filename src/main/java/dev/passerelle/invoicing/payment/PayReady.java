package dev.passerelle.invoicing.payment;

import java.util.Locale;
import java.util.Optional;

import dev.passerelle.invoicing.Document;
import dev.passerelle.invoicing.DocumentKind;
import dev.passerelle.invoicing.DocumentStatus;
import dev.passerelle.tenancy.CompanyProfile;

/**
 * Whether and how an invoice can be paid by transfer: an issued, not cancelled invoice with a
 * balance, from a tenant with an IBAN. A Belgian tenant's invoices carry a structured
 * communication; others carry their number.
 */
public final class PayReady {

    private PayReady() {
    }

    /** The transfer that pays this invoice, or empty when there is nothing to pay this way. */
    public static Optional<PaymentRequest> of(Document d, CompanyProfile profile) {
        CompanyProfile.BankDetails bank = profile.bank();
        if (d.kind() != DocumentKind.INVOICE || d.number() == null || d.status() == DocumentStatus.CANCELLED
                || d.balance().signum() <= 0 || bank == null || blank(bank.iban())) {
            return Optional.empty();
        }
        Optional<String> structured = structured(d, profile);
        String beneficiary = blank(profile.legalName()) ? profile.name() : profile.legalName();
        return Optional.of(new PaymentRequest(beneficiary, bank.iban().replace(" ", "").toUpperCase(Locale.ROOT),
                blank(bank.bic()) ? null : bank.bic().replace(" ", "").toUpperCase(Locale.ROOT), d.currency(), d.balance(),
                structured.map(StructuredReference::formatted).orElse(d.number()), structured.orElse(null)));
    }

    /** The reference of an issued invoice (structured for Belgian tenants), or its number; null for others. */
    public static String reference(Document d, CompanyProfile profile) {
        if (d.kind() != DocumentKind.INVOICE || d.number() == null) {
            return d.number();
        }
        return structured(d, profile).map(StructuredReference::formatted).orElse(d.number());
    }

    /** A tenant is Belgian by its address, or by its VAT number when it gave no country. */
    public static boolean isBelgian(CompanyProfile profile) {
        String country = profile.address() == null ? null : profile.address().country();
        if (!blank(country)) {
            return "BE".equalsIgnoreCase(country.strip());
        }
        return profile.vatNumber() != null && profile.vatNumber().strip().toUpperCase(Locale.ROOT).startsWith("BE");
    }

    private static Optional<String> structured(Document d, CompanyProfile profile) {
        return d.kind() == DocumentKind.INVOICE && isBelgian(profile) ? StructuredReference.digitsFor(d.number())
                : Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
