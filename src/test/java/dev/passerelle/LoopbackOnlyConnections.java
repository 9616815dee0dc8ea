package dev.passerelle;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.support.ConnectGuard;

/**
 * The test suite's belt and braces: every outbound HTTP socket and every socket to a tenant's SMTP
 * server refuses anything but loopback, so no test reaches the network even if the address check
 * under test were wrong. Counts and records what it saw.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LoopbackOnlyConnections {

    public static final AtomicInteger CONNECTS = new AtomicInteger();
    /** Every target, in order, for tests that must show a connection was never attempted. */
    public static final List<InetSocketAddress> TARGETS = new CopyOnWriteArrayList<>();

    @Bean
    ConnectGuard loopbackOnly() {
        return target -> {
            CONNECTS.incrementAndGet();
            TARGETS.add(target);
            if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
                throw new ConnectException("tests connect to loopback only, not " + target);
            }
        };
    }
}
