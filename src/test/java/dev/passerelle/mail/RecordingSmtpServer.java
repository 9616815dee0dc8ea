package dev.passerelle.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP listener on a local port that accepts every message and keeps the envelope
 * commands it was given (MAIL FROM and RCPT TO with their parameters), offering the DSN
 * extension (RFC 3461) in its EHLO reply or not. GreenMail does not offer DSN, and no server
 * library in the build shows the parameters a client sent.
 *
 * <p>It also counts the connections it was opened and the Message-IDs each carried, answers 550
 * to a recipient whose address contains {@code refuse}, and hangs up without a reply after the
 * data of a message to an address containing {@code hangup} (a connection lost mid-transfer).
 */
final class RecordingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final boolean offersDsn;
    final List<String> envelope = new CopyOnWriteArrayList<>();
    /** The Message-ID of every message whose data arrived, in order (one per message, repeats included). */
    final List<String> messageIds = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** The Message-IDs each connection carried, by the connection's number (1 for the first). */
    final Map<Integer, List<String>> messagesByConnection = new ConcurrentHashMap<>();
    /** Runs when a message's data has arrived, before the server answers it. */
    volatile Runnable onData = () -> { };

    RecordingSmtpServer(boolean offersDsn) throws IOException {
        this.offersDsn = offersDsn;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "recording-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Each connection in its own thread: a client may keep several open at once. */
    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int number = connections.incrementAndGet();
                Thread conversation = new Thread(() -> {
                    try (client) {
                        converse(client, number);
                    } catch (IOException e) {
                        // the client hung up
                    }
                }, "recording-smtp-client");
                conversation.setDaemon(true);
                conversation.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void converse(Socket client, int number) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 recording.test ESMTP");
        String line;
        boolean hangUp = false;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO")) {
                reply(out, offersDsn ? "250-recording.test\r\n250-8BITMIME\r\n250 DSN" : "250-recording.test\r\n250 8BITMIME");
            } else if (command.startsWith("RCPT") && command.contains("REFUSE")) {
                envelope.add(line);
                reply(out, "550 5.1.1 Recipient address rejected: User unknown");
            } else if (command.startsWith("MAIL") || command.startsWith("RCPT")) {
                envelope.add(line);
                hangUp |= command.contains("HANGUP");
                reply(out, "250 2.1.0 Ok");
            } else if (command.startsWith("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                String data;
                while ((data = in.readLine()) != null && !data.equals(".")) {
                    if (data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                        messageIds.add(data.substring(11).strip());
                        messagesByConnection.computeIfAbsent(number, n -> new CopyOnWriteArrayList<>())
                                .add(data.substring(11).strip());
                    }
                }
                onData.run();
                if (hangUp) {
                    return; // the message arrived; the reply never does
                }
                reply(out, "250 2.0.0 Ok: queued as REC1");
            } else if (command.startsWith("RSET")) {
                hangUp = false;
                reply(out, "250 2.0.0 Ok");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "250 2.0.0 Ok");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
