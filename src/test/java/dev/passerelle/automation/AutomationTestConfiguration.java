package dev.passerelle.automation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The automations' clock, movable: {@link #TIME} jumps it ahead past delays of days. Only
 * automation scheduling sees it; the rest of the application keeps the real clock.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AutomationTestConfiguration {

    public static final MovableTime TIME = new MovableTime();

    @Bean
    TimeShift automationTimeShift() {
        return TIME;
    }

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
