package dev.passerelle.mail;

import java.time.Duration;

/**
 * Moves the time the mail outbox runs on, so a test can walk through retries and an outage of
 * hours without waiting. Production has none; the test suite supplies one.
 */
interface TimeShift {

    Duration offset();
}
