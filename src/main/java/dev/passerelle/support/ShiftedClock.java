package dev.passerelle.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * A clock running {@code offset} ahead of {@code base}: a feature whose schedule tests walk
 * through hours and days (webhook retries, automation delays) reads its time from one, moved only
 * by the tests, while the rest of the application keeps the one real clock.
 */
public final class ShiftedClock extends Clock {

    private final Clock base;
    private final Supplier<Duration> offset;

    public ShiftedClock(Clock base, Supplier<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ShiftedClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        Duration by = offset.get();
        return by.isZero() ? base.instant() : base.instant().plus(by);
    }
}
