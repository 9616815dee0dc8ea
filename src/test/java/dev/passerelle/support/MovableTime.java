package dev.passerelle.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** How far a feature's {@link ShiftedClock} runs ahead of the real one; tests that move it put it back. */
public final class MovableTime {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public Duration offset() {
        return offset.get();
    }

    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }
}
