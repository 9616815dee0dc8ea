package dev.passerelle;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEventSubscriber;
import dev.passerelle.inbox.InboxEvent;
import dev.passerelle.inbox.InboxHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A handler for source {@code test} whose behaviour the event body decides:
 * {@code {"failTimes": n}} fails the first n attempts; {@code {"failAlways": true}} fails until
 * the test heals the event; {@code {"workMillis": n}} works n ms, noting a second run that
 * starts while one is still working. Every successful run is counted per event id.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInboxHandlers {

    public static final String SOURCE = "test";
    public static final Set<UUID> HEALED = ConcurrentHashMap.newKeySet();
    public static final ConcurrentHashMap<UUID, AtomicInteger> SUCCESSES = new ConcurrentHashMap<>();
    public static final Set<UUID> WORKING = ConcurrentHashMap.newKeySet();
    public static final Set<UUID> OVERLAPS = ConcurrentHashMap.newKeySet();

    public static final ConcurrentHashMap<UUID, AtomicInteger> EVENT_CALLS = new ConcurrentHashMap<>();

    /** Per {@code batch.*} event: how often the batching subscriber's work committed, and how it was handed over. */
    public static final ConcurrentHashMap<UUID, AtomicInteger> BATCH_COMMITS = new ConcurrentHashMap<>();
    public static final ConcurrentHashMap<UUID, AtomicInteger> BATCH_CALLS = new ConcurrentHashMap<>();
    public static final ConcurrentHashMap<UUID, AtomicInteger> SINGLE_CALLS = new ConcurrentHashMap<>();

    /** Fails the first delivery of every {@code test.*} event, then takes it: a target that was briefly down. */
    @Bean
    DomainEventSubscriber flakyTestSubscriber() {
        return new DomainEventSubscriber() {
            @Override
            public String name() {
                return "test-flaky";
            }

            @Override
            public boolean wants(String eventType) {
                return eventType.startsWith("test.");
            }

            @Override
            public void on(DomainEvent event) {
                if (EVENT_CALLS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet() == 1) {
                    throw new IllegalStateException("target unavailable");
                }
            }
        };
    }

    /**
     * Takes {@code batch.*} events in batches; an event whose payload has {@code "failCalls": n}
     * fails its first n calls, whichever way they come. Commits are counted after commit, so work
     * that was rolled back does not count.
     */
    @Bean
    DomainEventSubscriber batchingTestSubscriber(JsonMapper json) {
        return new DomainEventSubscriber() {
            private final ConcurrentHashMap<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();

            @Override
            public String name() {
                return "test-batching";
            }

            @Override
            public boolean wants(String eventType) {
                return eventType.startsWith("batch.");
            }

            @Override
            public boolean batches() {
                return true;
            }

            @Override
            public void on(DomainEvent event) {
                SINGLE_CALLS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                take(event);
            }

            @Override
            public void onAll(java.util.List<DomainEvent> events) {
                for (DomainEvent event : events) {
                    BATCH_CALLS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                    take(event);
                }
            }

            private void take(DomainEvent event) {
                int call = calls.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                if (call <= json.readTree(event.payload()).path("failCalls").asInt(0)) {
                    throw new IllegalStateException("call " + call + " for " + event.id() + " refused");
                }
                org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                        new org.springframework.transaction.support.TransactionSynchronization() {
                            @Override
                            public void afterCommit() {
                                BATCH_COMMITS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                            }
                        });
            }
        };
    }

    @Bean
    InboxHandler testInboxHandler(JsonMapper json) {
        return new InboxHandler() {
            @Override
            public String source() {
                return SOURCE;
            }

            @Override
            public void handle(InboxEvent event) {
                JsonNode body = json.readTree(event.body());
                if (body.path("failAlways").asBoolean(false) && !HEALED.contains(event.id())) {
                    throw new IllegalStateException("downstream refused event " + event.id());
                }
                if (event.attempts() <= body.path("failTimes").asInt(0)) {
                    throw new IllegalStateException("transient failure on attempt " + event.attempts());
                }
                long work = body.path("workMillis").asLong(0);
                if (work > 0 && !WORKING.add(event.id())) {
                    OVERLAPS.add(event.id());
                }
                try {
                    Thread.sleep(work);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    WORKING.remove(event.id());
                }
                SUCCESSES.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            }
        };
    }
}
