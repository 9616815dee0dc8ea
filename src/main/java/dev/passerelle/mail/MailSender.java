package dev.passerelle.mail;

import jakarta.mail.internet.MimeMessage;

/**
 * The seam every way of sending goes through: the hub relay and a tenant's own server
 * ({@link SmtpMailSender}), the embedded .eml writer ({@link FileMailSender}) and, later,
 * OAuth2-connected accounts (Google: Gmail API or SMTP with XOAUTH2; Microsoft: Graph
 * sendMail). An OAuth2 sender is a new implementation returned by {@link MailSenders} for
 * tenants whose settings name a connected account; the outbox, retries, history and bounce
 * matching do not change.
 *
 * <p>Contract: the message is complete (From, Message-ID already set — keep them).
 * {@code transferStarting} is called once the connection is open and authenticated, right
 * before the message is handed over: after that point the server may accept the message even
 * if we never hear back. Failures are reported as {@link MailSendException} with the server's
 * reply when there was one.
 */
public interface MailSender {

    /** Where messages go, for history and logs (never with credentials): e.g. {@code smtp://relay:587 (starttls)}. */
    String describe();

    /** Sends, returning the server's reply to the message (e.g. {@code 250 2.0.0 Ok: queued as 4F2}). */
    String send(MimeMessage message, Runnable transferStarting) throws MailSendException;

    /** The batch it was resolved for is sent: connections kept for that batch alone are closed. */
    default void close() {
    }
}
