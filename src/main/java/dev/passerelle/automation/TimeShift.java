package dev.passerelle.automation;

import java.time.Duration;

/**
 * Moves the time automations schedule and fire by, so a test can walk through delays of days
 * without waiting. Production has none; the test suite supplies one.
 */
interface TimeShift {

    Duration offset();
}
