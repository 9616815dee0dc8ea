package dev.passerelle.connectors;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/**
 * The running routes that start with a Passerelle trigger, by route id. The places where runs
 * are born (the outbox, the inbox, the clustered scheduler) ask here which routes want an event;
 * the run worker hands each run to its route's consumer.
 */
@Component
public class Triggers {

    /** A route's trigger: its block, its options as written, and the consumer that runs it. */
    public record Registration(String routeId, String block, Map<String, String> options, TriggerConsumer consumer) {
    }

    /** Told when a route's trigger starts or stops (the scheduler keeps its jobs in step). */
    public interface Listener {
        void started(Registration registration);

        void stopped(Registration registration);
    }

    private final Map<String, Registration> byRoute = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    void register(Registration registration) {
        byRoute.put(registration.routeId(), registration);
        listeners.forEach(l -> l.started(registration));
    }

    void unregister(String routeId, TriggerConsumer consumer) {
        Registration removed = byRoute.get(routeId);
        if (removed != null && removed.consumer() == consumer && byRoute.remove(routeId, removed)) {
            listeners.forEach(l -> l.stopped(removed));
        }
    }

    public Optional<Registration> route(String routeId) {
        return Optional.ofNullable(byRoute.get(routeId));
    }

    /** The running routes started by {@code block}. */
    public List<Registration> withBlock(String block) {
        return byRoute.values().stream().filter(r -> r.block().equals(block)).toList();
    }
}
