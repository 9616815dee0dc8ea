package dev.passerelle.mail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Open SMTP connections kept between messages, per sender configuration (host, port, security,
 * user and password or access token): the connection, TLS handshake and AUTH were most of each
 * message's time when every message had its own. A worker takes a connection, sends one message
 * on it and gives it back; the next message to the same server, from the same worker or another,
 * takes it again. A connection is used by one worker at a time, so there are at most as many per
 * server as workers.
 *
 * <p>Before a kept connection carries another message it is checked: {@code RSET} (the server
 * forgets any half transaction) or, after a second or more of idleness, {@code NOOP} (the server
 * may have hung up). A connection that failed that check, saw any error, carried
 * {@value #MAX_MESSAGES} messages or stayed idle {@link #IDLE_TIMEOUT_MS} ms is closed: a broken
 * connection is never offered twice, and servers that limit messages per connection are not
 * pushed to it. A connected account's connections are kept for one batch only ({@link #forOneBatch}).
 */
@Component
class SmtpConnections implements DisposableBean {

    static final int MAX_MESSAGES = 100;
    static final long CHECK_AFTER_MS = 1_000;
    static final long IDLE_TIMEOUT_MS = 10_000;

    /** Opens and authenticates a new connection. */
    interface Opener {
        SMTPTransport open() throws MailSendException;
    }

    /** One open connection and what it has carried. */
    static final class Connection {
        private final Object key;
        private final SMTPTransport transport;
        private int messages;
        private long idleSince;

        private Connection(Object key, SMTPTransport transport) {
            this.key = key;
            this.transport = transport;
        }

        SMTPTransport transport() {
            return transport;
        }
    }

    /** For senders outside the outbox (a one-off test send): every connection closed after its message. */
    static final SmtpConnections SINGLE_USE = new SmtpConnections(false);

    /**
     * Connections kept for one claimed batch, closed with {@link #destroy} when it is sent: for a
     * connected account, whose connection is authenticated with an access token. The user may revoke
     * the grant at any time; each batch authenticates again, so a revoked grant stops the sending
     * from the next batch on, not when a kept connection happens to close.
     */
    static SmtpConnections forOneBatch() {
        return new SmtpConnections(true);
    }

    private final boolean keep;
    /** Idle connections per sender configuration, the most recently used first. Guarded by {@code this}. */
    private final Map<Object, Deque<Connection>> idle = new HashMap<>();

    SmtpConnections() {
        this(true);
    }

    private SmtpConnections(boolean keep) {
        this.keep = keep;
    }

    /** A connection to the server {@code key} names: a kept one that passes its check, else a new one. */
    Connection take(Object key, Opener opener) throws MailSendException {
        for (Connection kept = poll(key); kept != null; kept = poll(key)) {
            if (usable(kept)) {
                return kept;
            }
            close(kept);
        }
        return new Connection(key, opener.open());
    }

    /** {@code healthy}: the message went through and nothing failed; else the connection is closed. */
    void giveBack(Connection c, boolean healthy) {
        c.messages++;
        if (!keep || !healthy || c.messages >= MAX_MESSAGES) {
            close(c);
            return;
        }
        c.idleSince = System.nanoTime();
        synchronized (this) {
            idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).push(c);
        }
    }

    /** Closes the connections idle for longer than {@link #IDLE_TIMEOUT_MS}; the outbox calls it after each drain. */
    void closeIdle() {
        List<Connection> stale = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Deque<Connection>> servers = idle.values().iterator(); servers.hasNext(); ) {
                Deque<Connection> kept = servers.next();
                kept.removeIf(c -> {
                    boolean old = idleMillis(c, now) >= IDLE_TIMEOUT_MS;
                    if (old) {
                        stale.add(c);
                    }
                    return old;
                });
                if (kept.isEmpty()) {
                    servers.remove();
                }
            }
        }
        stale.forEach(SmtpConnections::close);
    }

    /** How many connections are kept open now (for tests and metrics). */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    private synchronized Connection poll(Object key) {
        Deque<Connection> kept = idle.get(key);
        return kept == null ? null : kept.poll();
    }

    private static boolean usable(Connection c) {
        if (idleMillis(c, System.nanoTime()) >= IDLE_TIMEOUT_MS) {
            return false;
        }
        try {
            // isConnected() sends NOOP and closes the transport when the reply is not 250.
            if (idleMillis(c, System.nanoTime()) >= CHECK_AFTER_MS) {
                return c.transport.isConnected();
            }
            return c.transport.simpleCommand("RSET") == 250;
        } catch (MessagingException | RuntimeException e) {
            return false;
        }
    }

    private static long idleMillis(Connection c, long now) {
        return TimeUnit.NANOSECONDS.toMillis(now - c.idleSince);
    }

    private static void close(Connection c) {
        try {
            c.transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // QUIT failed on a connection we were done with; nothing to do.
        }
    }

    @Override
    public void destroy() {
        List<Connection> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(SmtpConnections::close);
    }
}
