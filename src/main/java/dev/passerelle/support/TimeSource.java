package dev.passerelle.support;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TimeSource {

    /**
     * Microsecond ticks: the databases keep timestamps to the microsecond, so an instant we hand
     * out is exactly the one a later read returns (PostgreSQL would otherwise round the nanoseconds).
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
