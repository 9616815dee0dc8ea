package dev.passerelle.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP listener on a local port that refuses every recipient with the reply it is
 * given (e.g. {@code 550 5.1.1 <x>: Recipient address rejected: User unknown}), the way a
 * provider refuses an unknown mailbox. Counts the RCPT commands it saw.
 */
final class RefusingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String rcptReply;
    final AtomicInteger recipientsRefused = new AtomicInteger();
    /** The RCPT commands, as sent. */
    final java.util.List<String> rcpts = new java.util.concurrent.CopyOnWriteArrayList<>();

    RefusingSmtpServer(String rcptReply) throws IOException {
        this.rcptReply = rcptReply;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "refusing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                converse(client);
            } catch (IOException e) {
                // closed, or the client hung up
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 refusing.test ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO")) {
                reply(out, "250-refusing.test\r\n250 8BITMIME");
            } else if (command.startsWith("HELO") || command.startsWith("MAIL") || command.startsWith("RSET")
                    || command.startsWith("NOOP")) {
                reply(out, "250 2.0.0 Ok");
            } else if (command.startsWith("RCPT")) {
                recipientsRefused.incrementAndGet();
                rcpts.add(line);
                reply(out, rcptReply);
            } else if (command.startsWith("DATA")) {
                reply(out, "554 5.5.1 Error: no valid recipients");
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                reply(out, "502 5.5.2 Error: command not recognized");
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
