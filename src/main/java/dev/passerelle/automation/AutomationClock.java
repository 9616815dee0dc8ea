package dev.passerelle.automation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

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
        this.clock = shift == null ? base : new Shifted(base, shift);
    }

    Instant now() {
        return clock.instant();
    }

    Clock clock() {
        return clock;
    }

    private static final class Shifted extends Clock {
        private final Clock base;
        private final TimeShift shift;

        Shifted(Clock base, TimeShift shift) {
            this.base = base;
            this.shift = shift;
        }

        @Override
        public ZoneId getZone() {
            return base.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new Shifted(base.withZone(zone), shift);
        }

        @Override
        public Instant instant() {
            return shift.offset().isZero() ? base.instant() : base.instant().plus(shift.offset());
        }
    }
}
