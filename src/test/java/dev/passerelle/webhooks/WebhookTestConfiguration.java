package dev.passerelle.webhooks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The webhook schedule's clock, movable: {@link #TIME} jumps the delivery worker ahead through
 * retries minutes, hours and days apart. Only webhook rows see it; the rest of the application
 * keeps the real clock. Tests that move it put it back when done.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WebhookTestConfiguration {

    public static final MovableTime TIME = new MovableTime();

    @Bean
    TimeShift webhookTimeShift() {
        return TIME;
    }

    /** How far the webhook schedule's clock runs ahead of the real one. */
    public static final class MovableTime implements TimeShift {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        @Override
        public Duration offset() {
            return offset.get();
        }

        public void advance(Duration by) {
            offset.accumulateAndGet(by, Duration::plus);
        }

        public void reset() {
            offset.set(Duration.ZERO);
        }
    }
}
