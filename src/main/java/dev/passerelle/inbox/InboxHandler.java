package dev.passerelle.inbox;

/**
 * Does the work an inbound event of one source asks for. Called inside the transaction that
 * marks the event processed, so database effects commit exactly once with it. Throw to fail
 * the attempt; the inbox retries with backoff and keeps the error.
 */
public interface InboxHandler {

    String source();

    void handle(InboxEvent event) throws Exception;
}
