package dev.passerelle.mail;

/**
 * Why a message did not go out.
 * {@code TRANSIENT}: nothing was accepted and trying later may work (connection refused,
 * timeout before the transfer, 4xx reply). {@code PERMANENT}: the server refused it (5xx);
 * retrying would get the same answer. {@code UNCERTAIN}: the connection broke after the
 * transfer began without a reply, so the server may have accepted the message.
 */
public class MailSendException extends Exception {

    public enum Kind { TRANSIENT, PERMANENT, UNCERTAIN }

    private final Kind kind;
    private final String reply;

    public MailSendException(Kind kind, String reply, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reply = reply;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's reply (code and text) when it gave one, else null. */
    public String reply() {
        return reply;
    }
}
