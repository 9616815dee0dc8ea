package dev.passerelle.invoicing.payment;

import java.math.BigDecimal;

/**
 * What a buyer needs to pay an invoice by bank transfer, the same on the PDF, the public page, the
 * EPC QR code, the UBL payment means and the emails.
 *
 * @param reference  what to write in the transfer: the Belgian structured communication
 *                   ({@code +++123/4567/89012+++}) or the invoice number
 * @param structured the structured communication's twelve digits, or null when {@code reference}
 *                   is free text
 * @param amount     the balance, at the currency's scale
 */
public record PaymentRequest(String beneficiary, String iban, String bic, String currency, BigDecimal amount,
                             String reference, String structured) {

    public boolean isStructured() {
        return structured != null;
    }
}
