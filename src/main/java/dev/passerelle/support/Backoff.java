package dev.passerelle.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries
 * of events that failed together (a shop's server down) spread out instead of stampeding.
 */
public final class Backoff {

    private Backoff() {
    }

    public static Duration delay(int failedAttempts, Duration initial, Duration max) {
        int exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long capped = Math.min(max.toMillis(), initial.toMillis() * (1L << exponent));
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
