package dev.passerelle.mail;

/**
 * An email's fate. {@code UNCONFIRMED}: the message was being handed to the server when the
 * worker stopped (crash, lost connection after the transfer began); the server may have
 * accepted it, so it is never resent automatically — see {@link MailWorker}.
 * {@code DELIVERED}: the recipient's server took it (a delivery status notification or a
 * provider's event); {@code OPENED}: its tracking pixel was fetched; {@code DROPPED}: never
 * tried, every To address being on the tenant's suppression list.
 */
public enum EmailStatus {
    QUEUED, SENDING, SENT, DEFERRED, FAILED, BOUNCED, UNCONFIRMED, DELIVERED, OPENED, DROPPED;

    /** Accepted by a server and not known to have failed since: what a later delivery or open may follow. */
    boolean accepted() {
        return this == SENT || this == UNCONFIRMED || this == DELIVERED || this == OPENED;
    }
}
