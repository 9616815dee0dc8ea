package dev.passerelle.mail;

/**
 * Observation points in a send, for fault-injection tests (a worker that dies right after the
 * server accepted a message). Production has no probe.
 */
interface MailWorkerProbe {

    /** The server accepted the message; bookkeeping has not run yet. Throwing here is a crash. */
    default void afterAccepted(Email email) {
    }
}
