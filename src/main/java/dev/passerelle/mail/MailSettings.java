package dev.passerelle.mail;

import java.util.List;
import java.util.UUID;

/**
 * A tenant's email settings as the API shows them (the SMTP password never appears: only
 * whether one is stored).
 *
 * @param sender    {@code hub}: Passerelle's relay, From "Tenant via Passerelle" &lt;hub address&gt;
 *                  with Reply-To the tenant's address; {@code smtp}: the tenant's own server; {@code account}:
 *                  a connected account ({@code accountId}, Google, Microsoft or another provider) over SMTP
 *                  with XOAUTH2, From the account's address
 * @param replyTo   Reply-To; defaults to the company profile's email
 * @param cc        copied on every document email (at most 3)
 * @param bcc       blind-copied on every document email (at most 3)
 * @param attachPdf attach the document's PDF to document emails
 */
public record MailSettings(String sender, Smtp smtp, String fromAddress, String fromName, String replyTo,
                           List<String> cc, List<String> bcc, boolean attachPdf, UUID accountId) {

    public static final String HUB = "hub";
    public static final String SMTP = "smtp";
    public static final String ACCOUNT = "account";

    /** @param security none, starttls or smtps */
    public record Smtp(String host, Integer port, String security, String username, Boolean passwordSet) {
    }

    /** What a tenant sends to change its settings; an absent password keeps the stored one, "" removes it. */
    public record Input(String sender, SmtpInput smtp, String fromAddress, String fromName, String replyTo,
                        List<String> cc, List<String> bcc, Boolean attachPdf, UUID accountId) {
    }

    public record SmtpInput(String host, Integer port, String security, String username, String password) {

        @Override
        public String toString() {
            return "SmtpInput[" + host + ":" + port + " " + security + "]";
        }
    }
}
