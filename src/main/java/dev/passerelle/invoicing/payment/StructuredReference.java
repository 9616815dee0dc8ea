package dev.passerelle.invoicing.payment;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The Belgian structured communication ("gestructureerde mededeling", "communication structurée"):
 * ten digits and their modulo 97 as two more, written {@code +++123/4567/89012+++}. Belgian banks
 * check the two digits when it is typed, and match the payment to the invoice by it.
 *
 * <p>The ten digits are the invoice number's digits (its last ten; zeros in front when fewer): an
 * invoice number is unique and never reused, so its reference is too, and anyone holding the
 * invoice can recompute it. Two numbering templates that differ only in letters ("A-7", "B-7")
 * would share one; docs/e-invoicing.md says so.
 */
public final class StructuredReference {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private StructuredReference() {
    }

    /** The twelve digits for a document number, or empty when the number has no digit. */
    public static Optional<String> digitsFor(String documentNumber) {
        if (documentNumber == null) {
            return Optional.empty();
        }
        String digits = documentNumber.replaceAll("[^0-9]", "");
        if (digits.isEmpty() || new BigInteger(digits).signum() == 0) {
            return Optional.empty();
        }
        String ten = digits.length() > 10 ? digits.substring(digits.length() - 10) : "0".repeat(10 - digits.length()) + digits;
        return Optional.of(ten + check(ten));
    }

    /** {@code +++123/4567/89012+++} for its twelve digits. */
    public static String formatted(String twelveDigits) {
        return "+++" + twelveDigits.substring(0, 3) + "/" + twelveDigits.substring(3, 7) + "/" + twelveDigits.substring(7)
                + "+++";
    }

    /** Whether twelve digits (written with or without +++ and slashes) carry a right check. */
    public static boolean isValid(String reference) {
        if (reference == null) {
            return false;
        }
        String digits = reference.replaceAll("[+/ ]", "");
        return digits.matches("[0-9]{12}") && digits.substring(10).equals(check(digits.substring(0, 10)));
    }

    private static String check(String tenDigits) {
        int mod = new BigInteger(tenDigits).mod(NINETY_SEVEN).intValue();
        return String.format("%02d", mod == 0 ? 97 : mod);
    }
}
