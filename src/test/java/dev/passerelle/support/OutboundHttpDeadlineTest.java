package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** A call cut at its deadline is a timeout, whichever step of the call the deadline cut. */
class OutboundHttpDeadlineTest {

    static final OutboundHttp.Limits LIMITS = new OutboundHttp.Limits(Duration.ofSeconds(1), 1024);

    /**
     * On a loaded machine the deadline can come before the request is sent: the cancel then releases
     * the connection being opened, and the client failed with an IllegalStateException ("Endpoint not
     * acquired / already released") that webhook deliveries logged as "could not deliver", not as the
     * timeout it was. Here the connect is held (by the guard) past the deadline.
     */
    @Test
    void aCallCutBeforeItSentIsATimeout() throws Exception {
        // A server that takes the connection (the kernel's backlog) and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ConnectGuard slowConnect = target -> {
                try {
                    Thread.sleep(LIMITS.timeout().multipliedBy(3).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            OutboundHttp http = new OutboundHttp(new StaticListableBeanFactory(Map.of("guard", slowConnect))
                    .getBeanProvider(ConnectGuard.class), true, Duration.ofSeconds(5), Duration.ofSeconds(5));
            try {
                Throwable thrown = catchThrowable(() -> http.post(
                        URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hooks/slow"), Map.of(),
                        "{}".getBytes(), "application/json", LIMITS));

                assertThat(thrown).as(String.valueOf(thrown)).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("no complete answer within 1 s");
            } finally {
                http.destroy();
            }
        }
    }
}
