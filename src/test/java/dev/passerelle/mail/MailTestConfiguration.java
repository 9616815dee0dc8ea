package dev.passerelle.mail;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.support.MovableTime;

/**
 * Fault injection for the outbox: for tenants listed in {@link #CRASH_AFTER_ACCEPTANCE}, the
 * worker "dies" right after the SMTP server accepted a message and before it records anything.
 * {@link #TIME} moves the outbox's clock (queued, due, given up), so a test walks through an
 * outage of hours or days without waiting; tests that move it put it back.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MailTestConfiguration {

    public static final Set<UUID> CRASH_AFTER_ACCEPTANCE = ConcurrentHashMap.newKeySet();
    public static final MovableTime TIME = new MovableTime();

    @Bean
    TimeShift mailTimeShift() {
        return TIME::offset;
    }

    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(UUID emailId) {
            super("simulated crash after acceptance of email " + emailId);
        }
    }

    @Bean
    MailWorkerProbe crashingProbe() {
        return new MailWorkerProbe() {
            @Override
            public void afterAccepted(Email email) {
                if (CRASH_AFTER_ACCEPTANCE.contains(email.tenantId())) {
                    throw new SimulatedCrash(email.id());
                }
            }
        };
    }
}
