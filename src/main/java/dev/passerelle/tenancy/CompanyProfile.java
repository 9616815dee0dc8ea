package dev.passerelle.tenancy;

import dev.passerelle.support.Address;

/**
 * How a tenant presents itself on documents and emails.
 *
 * @param paymentTermsDays days from issue date to due date when a document does not say
 * @param logoPng          PNG bytes, or null
 * @param defaultLanguage  ISO 639-1: en, fr, de, it, es or nl
 * @param accentColor      the brand colour of documents and the public page, {@code #RRGGBB}; null for the default
 */
public record CompanyProfile(String name, String legalName, Address address, String vatNumber, String email,
                             String phone, BankDetails bank, int paymentTermsDays, byte[] logoPng,
                             String defaultLanguage, String accentColor) {

    public record BankDetails(String bankName, String iban, String bic) {
    }
}
