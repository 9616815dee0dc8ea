package dev.passerelle.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * For tests of address checks: every connection attempt is recorded and refused, so a check that
 * let one through fails the test (attempts not empty) without reaching anything.
 */
public final class NoConnections implements ConnectGuard {

    private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    @Override
    public void check(InetSocketAddress target) throws IOException {
        attempts.add(target);
        throw new ConnectException("no connection in this test: " + target);
    }

    /** Every connection attempted so far. */
    public List<InetSocketAddress> attempts() {
        return List.copyOf(attempts);
    }

    /** The one outbound HTTP client, guarded by this; {@code allowLoopback} as the setting says. */
    public OutboundHttp http(boolean allowLoopback) {
        return new OutboundHttp(new StaticListableBeanFactory(Map.of("guard", (ConnectGuard) this))
                .getBeanProvider(ConnectGuard.class), allowLoopback, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
