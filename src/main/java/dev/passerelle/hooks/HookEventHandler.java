package dev.passerelle.hooks;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.inbox.InboxHandler;

/**
 * Works a stored hook event: notes that the hook received it and hands it to the
 * {@link HookListener}s (the routes installed on this hook), in the inbox's transaction.
 */
@Component
class HookEventHandler implements InboxHandler {

    static final String SOURCE = "hook";

    private final Hooks hooks;
    private final List<HookListener> listeners;

    HookEventHandler(Hooks hooks, List<HookListener> listeners) {
        this.hooks = hooks;
        this.listeners = listeners;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public void handle(InboxEvent event) {
        hooks.noteReceived(event.connectionId(), event.receivedAt());
        if (listeners.isEmpty()) {
            return;
        }
        String name = hooks.name(event.tenantId(), event.connectionId());
        if (name == null) {
            return; // deleted since: its events are kept, nothing is installed on it any more
        }
        for (HookListener listener : listeners) {
            listener.received(event.tenantId(), event.connectionId(), name, event.id(), event.receivedAt(), event.body());
        }
    }
}
