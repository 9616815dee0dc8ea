package dev.passerelle.connectors;

/** Lets tests outside this package put a running route's trigger into a {@link Triggers} of their own. */
public final class TriggersAccess {

    private TriggersAccess() {
    }

    public static void register(Triggers triggers, Triggers.Registration registration) {
        triggers.register(registration);
    }
}
