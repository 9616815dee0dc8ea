package dev.passerelle.automation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Whether any tenant has an active automation for an event type: asked when each event is written,
 * so the outbox makes a delivery to the automations only for types that have one. A "yes" is kept
 * {@link #YES_FOR} (a stale yes costs a delivery that matches nothing); a "no" only {@link #NO_FOR},
 * and an automation saved on this instance counts at once, so one saved on another instance sees
 * the events written here at most that long after it was saved.
 */
@Component
class TriggerTypes {

    static final Duration YES_FOR = Duration.ofSeconds(30);
    static final Duration NO_FOR = Duration.ofSeconds(1);

    private final AutomationStore store;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(boolean wanted, long until) {
    }

    TriggerTypes(AutomationStore store) {
        this.store = store;
    }

    boolean wanted(String type) {
        long now = System.nanoTime();
        Answer a = answers.get(type);
        if (a == null || a.until() - now < 0) {
            boolean wanted = store.anyActive(type);
            a = new Answer(wanted, now + (wanted ? YES_FOR : NO_FOR).toNanos());
            answers.put(type, a);
        }
        return a.wanted();
    }

    void changed(String type, boolean active) {
        if (active) {
            answers.put(type, new Answer(true, System.nanoTime() + YES_FOR.toNanos()));
        } else {
            answers.remove(type);
        }
    }
}
