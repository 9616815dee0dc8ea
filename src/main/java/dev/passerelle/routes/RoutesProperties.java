package dev.passerelle.routes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How route runs are worked: {@code workers} loops per instance (runs wait on HTTP, so a few more
 * than cores), a per-route cap of half of them, and the inbox's retry rule.
 */
@ConfigurationProperties("passerelle.routes")
record RoutesProperties(int workers, int batchSize, Duration pollInterval, Duration lease, int maxAttempts,
                        Duration initialBackoff, Duration maxBackoff, Duration reloadInterval) {
}
