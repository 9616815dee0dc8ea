package dev.passerelle.einvoicing;

import java.util.Map;
import java.util.Optional;

/**
 * A party's Peppol id from what we know of it. A Belgian company is {@code 0208} and its
 * enterprise number (the VAT number's ten digits; Belgium registers every company under it in
 * Peppol); a company elsewhere is its country's VAT scheme. A buyer without a VAT number has no
 * Peppol address unless the tenant gives one (a consumer has none: Peppol is for businesses).
 * Whether the id is actually registered is the SMP's to say (see {@code SmpLookup}).
 */
final class PeppolIds {

    /** Peppol EAS codes of the VAT number schemes, by VAT prefix. */
    private static final Map<String, String> VAT_SCHEMES = Map.ofEntries(Map.entry("AT", "9914"),
            Map.entry("BE", "9925"), Map.entry("BG", "9926"), Map.entry("CY", "9928"), Map.entry("CZ", "9929"),
            Map.entry("DE", "9930"), Map.entry("EE", "9931"), Map.entry("EL", "9933"), Map.entry("ES", "9920"),
            Map.entry("FR", "9957"), Map.entry("HR", "9934"), Map.entry("HU", "9910"), Map.entry("IE", "9935"),
            Map.entry("IT", "0211"), Map.entry("LT", "9937"), Map.entry("LU", "9938"), Map.entry("LV", "9939"),
            Map.entry("MT", "9943"), Map.entry("NL", "9944"), Map.entry("PL", "9945"), Map.entry("PT", "9946"),
            Map.entry("RO", "9947"), Map.entry("SI", "9949"), Map.entry("SK", "9950"));

    private PeppolIds() {
    }

    static Optional<Endpoint> forParty(String vat) {
        Optional<String> enterprise = belgianEnterpriseNumber(vat);
        if (enterprise.isPresent()) {
            return Optional.of(new Endpoint("0208", enterprise.get()));
        }
        if (vat != null && vat.length() > 2 && VAT_SCHEMES.containsKey(vat.substring(0, 2))) {
            return Optional.of(new Endpoint(VAT_SCHEMES.get(vat.substring(0, 2)), vat));
        }
        return Optional.empty();
    }

    /** The ten digits of a Belgian VAT number when their modulo 97 holds. */
    static Optional<String> belgianEnterpriseNumber(String vat) {
        if (vat == null || !vat.startsWith("BE")) {
            return Optional.empty();
        }
        String digits = vat.substring(2);
        if (digits.length() == 9) {
            digits = "0" + digits;
        }
        if (!digits.matches("[01][0-9]{9}")) {
            return Optional.empty();
        }
        long first = Long.parseLong(digits.substring(0, 8));
        return 97 - first % 97 == Long.parseLong(digits.substring(8)) ? Optional.of(digits) : Optional.empty();
    }
}
