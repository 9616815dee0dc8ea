package dev.passerelle.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The instance's work queues, stopped together before Camel: Spring stops lifecycle beans from the
 * highest phase down, and Camel's context stops at {@code Integer.MAX_VALUE - 2049}. So when an
 * instance shuts down, its workers first claim nothing more and finish the batches they hold while
 * every route still runs; only then do the routes stop. Closed (threads ended) when the beans are
 * destroyed.
 */
@Component
public class LeasedQueues implements SmartLifecycle, DisposableBean {

    /** Above Camel's {@code SpringCamelContext} phase, so this stops first. */
    static final int PHASE = Integer.MAX_VALUE - 1024;
    /** Longest wait for the batches being worked; a batch is small, so this is rarely more than a second. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final List<LeasedQueue<?, ?>> queues = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    /** Takes {@code queue} into the instance's lifecycle; returns it. */
    public <K, T> LeasedQueue<K, T> register(LeasedQueue<K, T> queue) {
        queues.add(queue);
        return queue;
    }

    @Override
    public void start() {
        queues.forEach(LeasedQueue::resume);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        queues.forEach(LeasedQueue::stop);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (LeasedQueue<?, ?> queue : queues) {
            queue.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        queues.forEach(LeasedQueue::close);
    }
}
