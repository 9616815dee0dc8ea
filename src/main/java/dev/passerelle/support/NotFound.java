package dev.passerelle.support;

/** The record named does not exist (for this tenant). The web layer answers 404. */
public class NotFound extends DomainException {

    /** {@code what}: e.g. "document 0190…"; the message reads "document 0190… not found". */
    public NotFound(String what) {
        super(what + " not found");
    }

    @Override
    public boolean permanent() {
        return true;
    }
}
