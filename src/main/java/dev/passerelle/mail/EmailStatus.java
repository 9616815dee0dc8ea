package dev.passerelle.mail;

/**
 * An email's fate. {@code UNCONFIRMED}: the message was being handed to the server when the
 * worker stopped (crash, lost connection after the transfer began); the server may have
 * accepted it, so it is never resent automatically — see {@link MailWorker}.
 */
public enum EmailStatus {
    QUEUED, SENDING, SENT, DEFERRED, FAILED, BOUNCED, UNCONFIRMED
}
