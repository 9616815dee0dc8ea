package dev.passerelle;

import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.support.ConnectGuard;

/**
 * The test suite's belt and braces: every outbound HTTP socket refuses anything but loopback, so no
 * test reaches the network even if the address check under test were wrong. Counts what it saw.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LoopbackOnlyConnections {

    public static final AtomicInteger CONNECTS = new AtomicInteger();

    @Bean
    ConnectGuard loopbackOnly() {
        return target -> {
            CONNECTS.incrementAndGet();
            if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
                throw new ConnectException("tests connect to loopback only, not " + target);
            }
        };
    }
}
