package dev.passerelle.webhooks;

import java.time.Duration;

/**
 * Moves the time the delivery schedule runs on, so a test can walk through retries hours and
 * days apart without waiting. Production has none; the test suite supplies one.
 */
interface TimeShift {

    Duration offset();
}
