package dev.passerelle.hooks;

import org.springframework.stereotype.Component;

import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.inbox.InboxHandler;

/**
 * Plain inbound hooks carry no instructions yet: processing records that the hook received the
 * event. Zapier-style actions (create client, product, invoice) plug in here.
 */
@Component
class HookEventHandler implements InboxHandler {

    static final String SOURCE = "hook";

    private final Hooks hooks;

    HookEventHandler(Hooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public void handle(InboxEvent event) {
        hooks.noteReceived(event.connectionId(), event.receivedAt());
    }
}
