package dev.passerelle.webhooks;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.support.MovableTime;

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
        return TIME::offset;
    }
}
