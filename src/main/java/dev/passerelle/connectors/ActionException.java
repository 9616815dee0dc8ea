package dev.passerelle.connectors;

/**
 * An action could not do what its options ask; the message says which option and why. Most
 * such failures are permanent (retrying the same run cannot fix a bad value) and end the run
 * at once; a transient one (a server answering 503) is retried with backoff.
 */
public class ActionException extends RuntimeException {

    private final boolean permanent;

    public ActionException(String message) {
        this(message, null, true);
    }

    public ActionException(String message, Throwable cause) {
        this(message, cause, true);
    }

    private ActionException(String message, Throwable cause, boolean permanent) {
        super(message, cause);
        this.permanent = permanent;
    }

    public static ActionException transientFailure(String message, Throwable cause) {
        return new ActionException(message, cause, false);
    }

    public boolean permanent() {
        return permanent;
    }
}
