package dev.passerelle.connectors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
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
    /*
     * Camel's timers (the inbox, the outbox) start before the route files are read. An event
     * worked in that window would find no route and start no run, for good: so until the first
     * load is done, asking which routes want an event waits for it.
     */
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private final Duration firstLoadWait;
    /*
     * Set once Camel stops this instance's routes. The work queues stop before Camel does
     * (LeasedQueues), but whatever still asks afterwards must not be told that no route wants its
     * event: it fails, and is tried again where the routes run.
     */
    private volatile boolean stopping;

    public Triggers(@Value("${passerelle.routes.first-load-wait:PT2M}") Duration firstLoadWait) {
        this.firstLoadWait = firstLoadWait;
    }

    /** The route files have been read once: every route that should start with a trigger has. */
    public void loaded() {
        firstLoad.countDown();
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    void register(Registration registration) {
        // A context started again after a stop (a paused test context) has its routes back.
        stopping = false;
        byRoute.put(registration.routeId(), registration);
        listeners.forEach(l -> l.started(registration));
    }

    void unregister(String routeId, TriggerConsumer consumer) {
        if (consumer.getEndpoint().getCamelContext().isStopping()) {
            stopping = true;
        }
        Registration removed = byRoute.get(routeId);
        if (removed != null && removed.consumer() == consumer && byRoute.remove(routeId, removed)) {
            listeners.forEach(l -> l.stopped(removed));
        }
    }

    public Optional<Registration> route(String routeId) {
        return Optional.ofNullable(byRoute.get(routeId));
    }

    /**
     * The running routes started by {@code block}; before the route files' first load, waits for it
     * and, if it takes longer than {@code passerelle.routes.first-load-wait}, fails so that the
     * caller's event is retried later rather than worked with no routes. Fails the same way once the
     * instance has begun to stop its routes.
     */
    public List<Registration> withBlock(String block) {
        awaitFirstLoad();
        if (stopping) {
            throw new RoutesUnavailable("this instance is stopping its routes; the event will be tried again");
        }
        return byRoute.values().stream().filter(r -> r.block().equals(block)).toList();
    }

    private void awaitFirstLoad() {
        if (firstLoad.getCount() == 0) {
            return;
        }
        try {
            if (firstLoad.await(firstLoadWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new RoutesUnavailable("the route files have not been loaded yet; the event will be tried again");
    }

    /** Transient: the event that met it is retried where, or once, the routes are there. */
    static final class RoutesUnavailable extends IllegalStateException {
        RoutesUnavailable(String message) {
            super(message);
        }
    }
}
