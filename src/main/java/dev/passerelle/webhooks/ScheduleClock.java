package dev.passerelle.webhooks;

import java.time.Clock;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.passerelle.support.ShiftedClock;

/**
 * The time every webhook row is written and due by: the application's clock, moved by a
 * {@link TimeShift} when the context has one (tests only). Not a {@link Clock} bean itself, so
 * the rest of the application keeps the one clock.
 */
@Component
class ScheduleClock {

    private final Clock clock;

    ScheduleClock(Clock base, ObjectProvider<TimeShift> shifts) {
        TimeShift shift = shifts.getIfAvailable();
        this.clock = shift == null ? base : new ShiftedClock(base, shift::offset);
    }

    Instant now() {
        return clock.instant();
    }

    Clock clock() {
        return clock;
    }
}
