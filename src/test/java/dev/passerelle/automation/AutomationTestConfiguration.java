package dev.passerelle.automation;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.support.MovableTime;

/**
 * The automations' clock, movable: {@link #TIME} jumps it ahead past delays of days. Only
 * automation scheduling sees it; the rest of the application keeps the real clock.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AutomationTestConfiguration {

    public static final MovableTime TIME = new MovableTime();

    @Bean
    TimeShift automationTimeShift() {
        return TIME::offset;
    }
}
