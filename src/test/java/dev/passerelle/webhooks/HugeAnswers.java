package dev.passerelle.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A receiver answering every request with {@code status} and a body of {@code length} bytes of
 * 'x', streamed from one 64 KiB buffer: it starts answering at once. WireMock, serving an 8 MiB
 * body in the test JVM on a loaded machine, did not send its status line within the tests' 2 s
 * delivery timeout (its journal logged requests 4 to 10 s after they were sent; eight attempts in
 * a row timed out), so the test measured WireMock, not how much of the answer is read.
 */
final class HugeAnswers implements AutoCloseable {

    private final ServerSocket server;
    private final int status;
    private final long length;

    HugeAnswers(int status, long length) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.status = status;
        this.length = length;
        Thread t = new Thread(this::serve, "huge-answers-" + status);
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks/huge-" + status;
    }

    private void serve() {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                skipRequest(s.getInputStream());
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + status + " Huge\r\nContent-Type: text/plain\r\nContent-Length: " + length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < length; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
                }
                out.flush();
            } catch (IOException e) {
                // The client dropped the connection before the end: what it should do with a huge answer.
            }
        }
    }

    /** Reads the request's head and its body (Content-Length, as the delivery worker sends it). */
    private static void skipRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.size() >= 4 && head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).strip()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
