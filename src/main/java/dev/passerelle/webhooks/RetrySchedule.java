package dev.passerelle.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again (the Standard Webhooks / Svix schedule): the first attempt
 * at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure — eight attempts
 * over about 28 hours — then it is dead. No jitter: the schedule is what the receiver was promised,
 * and deliveries to a receiver that was down do not wait for it anyway (a success pulls its
 * subscription's waiting retries forward).
 */
final class RetrySchedule {

    /** The wait after the n-th failed attempt (n = 1..7). */
    static final List<Duration> AFTER_FAILURE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    static final int ATTEMPTS = AFTER_FAILURE.size() + 1;

    private RetrySchedule() {
    }

    /** How long to wait after {@code attempts} attempts, all failed; empty when that was the last. */
    static Optional<Duration> after(int attempts) {
        return attempts >= 1 && attempts < ATTEMPTS ? Optional.of(AFTER_FAILURE.get(attempts - 1)) : Optional.empty();
    }
}
