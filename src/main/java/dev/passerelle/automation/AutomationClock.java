package dev.passerelle.automation;

import java.time.Clock;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.passerelle.support.ShiftedClock;

/**
 * The time runs are scheduled and claimed by: the application's clock, moved by a
 * {@link TimeShift} when the context has one (tests only). Not a {@link Clock} bean itself, so
 * the rest of the application keeps the one clock.
 */
@Component
class AutomationClock {

    private final Clock clock;

    AutomationClock(Clock base, ObjectProvider<TimeShift> shifts) {
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
