package dev.passerelle.mail;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.passerelle.support.ShiftedClock;

/**
 * The time every outbox row is written, due, claimed and given up by: the application's clock,
 * moved by a {@link TimeShift} when the context has one (tests only). Not a {@link Clock} bean
 * itself, so the rest of the application keeps the one clock.
 */
@Component
class MailClock {

    private final Clock clock;

    MailClock(Clock base, ObjectProvider<TimeShift> shifts) {
        TimeShift shift = shifts.getIfAvailable();
        this.clock = shift == null ? base : new ShiftedClock(base, shift::offset);
    }

    Clock clock() {
        return clock;
    }
}
