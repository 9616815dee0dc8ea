package dev.passerelle.mail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import dev.passerelle.support.ConnectGuard;
import dev.passerelle.support.PublicAddresses;
import dev.passerelle.support.Reach;

/**
 * Sends over SMTP, SMTPS or STARTTLS with Jakarta Mail (Eclipse Angus, the implementation
 * camel-mail itself runs on).
 *
 * <p>Why not Camel's mail producer: the outbox must record the server's reply to each message
 * ("250 2.0.0 queued as ...", "550 5.1.1 no such user") and know whether a failure happened
 * before or after the transfer began — that is what decides between retrying and never
 * resending. Camel's producer wraps {@code Transport.send} and exposes neither the reply nor
 * that boundary; it also takes its server from the endpoint URI, which would mean one endpoint
 * per tenant server (principle 1: tenants are rows, not routes). Camel still drives the
 * outbox (timer route) and reads bounces (its IMAP consumer).
 */
final class SmtpMailSender implements MailSender {

    /**
     * @param security none, starttls or smtps
     * @param reach    where a tenant's own server may be (its host resolved once per send, checked,
     *                 and connected to as checked); null for the operator's relay, which is not checked
     */
    record Server(String host, int port, String security, String username, String password, String envelopeFrom,
                  String sslTrust, Duration connectTimeout, Duration readTimeout, Reach reach) {

        @Override
        public String toString() {
            return "Server[" + host + ":" + port + " " + security + (username == null ? "" : " as " + username) + "]";
        }
    }

    /** What a kept connection is shared by: the same server, reached and authenticated the same way. */
    private record Key(Server server, boolean xoauth2) {
    }

    private final Server server;
    private final ConnectGuard guard;
    private final SmtpConnections connections;
    private final Key key;
    private final Properties props;
    private final Session session;
    private final String protocol;
    private boolean deliveryReports;

    SmtpMailSender(Server server) {
        this(server, target -> { });
    }

    /** {@code guard}: a last word on each connection to a tenant's server (tests allow loopback only). */
    SmtpMailSender(Server server, ConnectGuard guard) {
        this(server, guard, false, SmtpConnections.SINGLE_USE);
    }

    SmtpMailSender(Server server, ConnectGuard guard, boolean xoauth2) {
        this(server, guard, xoauth2, SmtpConnections.SINGLE_USE);
    }

    /**
     * {@code xoauth2}: authenticate with SASL XOAUTH2 only (a connected account: the username is the
     * account's address, the password its access token), never falling back to a password mechanism.
     * {@code connections}: where connections are kept between messages ({@link SmtpConnections}).
     */
    SmtpMailSender(Server server, ConnectGuard guard, boolean xoauth2, SmtpConnections connections) {
        this.server = server;
        this.guard = guard;
        this.connections = connections;
        this.key = new Key(server, xoauth2);
        String security = server.security() == null ? "starttls" : server.security().toLowerCase(Locale.ROOT);
        this.protocol = security.equals("smtps") ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        props = new Properties();
        props.setProperty(p + "host", server.host());
        props.setProperty(p + "port", Integer.toString(server.port()));
        props.setProperty(p + "connectiontimeout", Long.toString(server.connectTimeout().toMillis()));
        props.setProperty(p + "timeout", Long.toString(server.readTimeout().toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(server.readTimeout().toMillis()));
        props.setProperty(p + "auth", Boolean.toString(hasText(server.username())));
        // A host the operator chose to trust without validation has no identity to check either.
        props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(!hasText(server.sslTrust())));
        if (xoauth2) {
            props.setProperty(p + "auth", "true");
            props.setProperty(p + "auth.mechanisms", "XOAUTH2");
            props.setProperty(p + "auth.xoauth2.disable", "false");
        }
        if (hasText(server.envelopeFrom())) {
            props.setProperty(p + "from", server.envelopeFrom());
        }
        if (hasText(server.sslTrust())) {
            props.setProperty(p + "ssl.trust", server.sslTrust());
        }
        switch (security) {
            case "none" -> { }
            case "starttls" -> {
                props.setProperty(p + "starttls.enable", "true");
                props.setProperty(p + "starttls.required", "true");
            }
            case "smtps" -> props.setProperty(p + "ssl.enable", "true");
            default -> throw new IllegalArgumentException("security must be none, starttls or smtps");
        }
        this.session = server.reach() == null ? Session.getInstance(props) : null;
    }

    /**
     * Ask the server for delivery status notifications (success, failure, delay) when its EHLO
     * offers DSN: for the hub relay whose bounce mailbox is read, not a tenant's own server (the
     * reports would fill the tenant's inbox).
     */
    SmtpMailSender askingForDeliveryReports(boolean ask) {
        this.deliveryReports = ask;
        return this;
    }

    @Override
    public String describe() {
        return protocol + "://" + server.host() + ":" + server.port() + " (" + server.security() + ")";
    }

    /**
     * Sends over a kept connection to the same server when there is one (see {@link SmtpConnections}),
     * else over a new one. Any failure closes the connection.
     */
    @Override
    public String send(MimeMessage message, Runnable transferStarting) throws MailSendException {
        SmtpConnections.Connection connection = connections.take(key, this::connect);
        SMTPTransport transport = connection.transport();
        boolean healthy = false;
        try {
            Address[] recipients;
            try {
                message.saveChanges();
                recipients = message.getAllRecipients();
                if (deliveryReports && transport.supportsExtension("DSN")) {
                    DeliveryReports.request(message);
                }
            } catch (MessagingException e) {
                throw new MailSendException(MailSendException.Kind.PERMANENT, null, "unsendable message: " + e.getMessage(), e);
            }
            transferStarting.run();
            String reply;
            try {
                transport.sendMessage(message, recipients);
                reply = transport.getLastServerResponse().strip();
            } catch (MessagingException e) {
                throw duringTransfer(transport, e);
            }
            healthy = true;
            return reply;
        } finally {
            connections.giveBack(connection, healthy);
        }
    }

    /** A new connection, authenticated. */
    private SMTPTransport connect() throws MailSendException {
        SMTPTransport transport;
        try {
            transport = (SMTPTransport) session().getTransport(protocol);
        } catch (MessagingException e) {
            throw new MailSendException(MailSendException.Kind.PERMANENT, null, "no SMTP transport: " + e.getMessage(), e);
        }
        try {
            transport.connect(server.host(), server.port(), blankToNull(server.username()), blankToNull(server.password()));
            return transport;
        } catch (AuthenticationFailedException e) {
            // The tenant can fix its credentials: the message itself was not refused, so it waits.
            MailSendException failed = new MailSendException(MailSendException.Kind.TRANSIENT, reply(transport),
                    "authentication failed: " + e.getMessage(), e);
            closeQuietly(transport);
            throw failed;
        } catch (MessagingException e) {
            MailSendException failed = beforeTransfer(transport, e);
            closeQuietly(transport);
            throw failed;
        }
    }

    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException ignored) {
            // it never fully opened
        }
    }

    /**
     * The session for one connection. A tenant's server is resolved here, once, and each of its addresses
     * checked; the connection then goes to the checked address (plain, STARTTLS and SMTPS alike:
     * Jakarta Mail layers TLS over the socket this factory makes, with the host's name).
     */
    private Session session() throws MailSendException {
        if (server.reach() == null) {
            return session;
        }
        InetAddress[] addresses;
        try {
            addresses = PublicAddresses.resolve(server.host(), server.reach());
        } catch (PublicAddresses.RefusedAddressException e) {
            throw new MailSendException(MailSendException.Kind.TRANSIENT, null,
                    "SMTP host refused: " + e.getMessage() + "; use your provider's public server", e);
        } catch (UnknownHostException e) {
            throw new MailSendException(MailSendException.Kind.TRANSIENT, null, "unknown SMTP host " + server.host(), e);
        }
        Properties pinned = new Properties();
        pinned.putAll(props);
        pinned.put("mail." + protocol + ".socketFactory", new PinnedSocketFactory(addresses[0], guard));
        pinned.setProperty("mail." + protocol + ".socketFactory.fallback", "false");
        return Session.getInstance(pinned);
    }

    /** Nothing was handed over yet: a server that said 5xx to EHLO/STARTTLS is a configuration problem, so wait. */
    private static MailSendException beforeTransfer(SMTPTransport transport, MessagingException e) {
        String reply = reply(transport);
        return new MailSendException(MailSendException.Kind.TRANSIENT, reply, "cannot connect: " + describe(e), e);
    }

    private static MailSendException duringTransfer(SMTPTransport transport, MessagingException e) {
        Integer code = replyCode(e);
        // Angus reports a connection closed before the reply (EOF after the final dot) as reply -1:
        // no answer at all, so the server may have the message.
        if (code != null && code > 0) {
            String reply = replyText(e, transport);
            MailSendException.Kind kind = code >= 500 ? MailSendException.Kind.PERMANENT : MailSendException.Kind.TRANSIENT;
            return new MailSendException(kind, reply, "server replied " + reply, e);
        }
        // No reply code: the connection broke or timed out while the message was in flight.
        return new MailSendException(MailSendException.Kind.UNCERTAIN, null, "connection lost during transfer: "
                + describe(e), e);
    }

    /** The SMTP reply code carried by the failure, looking through nested per-address failures. */
    static Integer replyCode(Exception e) {
        Exception current = e;
        while (current != null) {
            if (current instanceof SMTPSendFailedException f) {
                return f.getReturnCode();
            }
            if (current instanceof SMTPAddressFailedException f) {
                return f.getReturnCode();
            }
            if (current instanceof SMTPSenderFailedException f) {
                return f.getReturnCode();
            }
            current = current instanceof MessagingException m ? m.getNextException() : null;
        }
        return null;
    }

    /** A refused recipient says most (which address and why); otherwise the refusal of the message. */
    private static String replyText(MessagingException e, SMTPTransport transport) {
        for (Exception c = e; c != null; c = c instanceof MessagingException m ? m.getNextException() : null) {
            if (c instanceof SMTPAddressFailedException f) {
                return (f.getReturnCode() + " " + stripCode(f.getMessage())).strip() + " (" + f.getAddress() + ")";
            }
        }
        for (Exception c = e; c != null; c = c instanceof MessagingException m ? m.getNextException() : null) {
            if (c instanceof SMTPSendFailedException f) {
                return (f.getReturnCode() + " " + stripCode(f.getMessage())).strip();
            }
            if (c instanceof SMTPSenderFailedException f) {
                return (f.getReturnCode() + " " + stripCode(f.getMessage())).strip();
            }
        }
        return reply(transport);
    }

    private static String stripCode(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        return m.matches("^\\d{3}[ -].*") ? m.substring(4).strip() : m;
    }

    private static String reply(SMTPTransport transport) {
        String last = transport.getLastServerResponse();
        return last == null || last.isBlank() ? null : last.strip();
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String kind = root instanceof ConnectException ? "connection refused"
                : root instanceof SocketTimeoutException ? "timed out"
                : root instanceof UnknownHostException ? "unknown host"
                : root instanceof IOException && root.getMessage() != null ? root.getMessage()
                : root instanceof IOException ? root.getClass().getSimpleName() : null;
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return kind == null ? text : kind + " (" + text + ")";
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return hasText(s) ? s : null;
    }
}
