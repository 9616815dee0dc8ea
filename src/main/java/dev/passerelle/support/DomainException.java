package dev.passerelle.support;

/**
 * A domain service refused what it was asked, for a reason the caller can read and act on. The
 * message is written for people (a shop owner reads it on a dead event): it names fields and
 * values, never a Java class. Only the web layer turns these into HTTP problems; workers use
 * {@link #permanent()} to tell "stop retrying" from "try again later".
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }

    /** True when doing the same again cannot succeed (bad data, a missing record), so retrying is pointless. */
    public abstract boolean permanent();
}
