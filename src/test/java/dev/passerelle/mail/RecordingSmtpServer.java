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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP listener on a local port that accepts every message and keeps the envelope
 * commands it was given (MAIL FROM and RCPT TO with their parameters), offering the DSN
 * extension (RFC 3461) in its EHLO reply or not. GreenMail does not offer DSN, and no server
 * library in the build shows the parameters a client sent.
 */
final class RecordingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final boolean offersDsn;
    final List<String> envelope = new CopyOnWriteArrayList<>();

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
        reply(out, "220 recording.test ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO")) {
                reply(out, offersDsn ? "250-recording.test\r\n250-8BITMIME\r\n250 DSN" : "250-recording.test\r\n250 8BITMIME");
            } else if (command.startsWith("MAIL") || command.startsWith("RCPT")) {
                envelope.add(line);
                reply(out, "250 2.1.0 Ok");
            } else if (command.startsWith("DATA")) {
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                String data;
                while ((data = in.readLine()) != null && !data.equals(".")) {
                    // the message itself is not what this server is for
                }
                reply(out, "250 2.0.0 Ok: queued as REC1");
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
