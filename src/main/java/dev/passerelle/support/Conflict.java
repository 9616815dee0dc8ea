package dev.passerelle.support;

/**
 * The record's state does not allow the step (a draft cannot be paid, an e-mail address is
 * taken). Not permanent: the state may change (another event lands, a concurrent writer
 * finishes), so workers retry it with backoff. The web layer answers 409.
 */
public class Conflict extends DomainException {

    public Conflict(String message) {
        super(message);
    }

    @Override
    public boolean permanent() {
        return false;
    }
}
