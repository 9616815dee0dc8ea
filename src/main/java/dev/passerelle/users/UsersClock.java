package dev.passerelle.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.passerelle.support.ShiftedClock;

/**
 * The time sessions, links and sign-in failures are written and expire by: the application's
 * clock, moved by a {@link TimeShift} when the context has one (tests only, to see a link expire
 * without waiting).
 */
@Component
class UsersClock {

    /** Moves the users' time; production has none. */
    interface TimeShift {
        Duration offset();
    }

    private final Clock clock;

    UsersClock(Clock base, ObjectProvider<TimeShift> shifts) {
        TimeShift shift = shifts.getIfAvailable();
        this.clock = shift == null ? base : new ShiftedClock(base, shift::offset);
    }

    Instant now() {
        return clock.instant();
    }
}
