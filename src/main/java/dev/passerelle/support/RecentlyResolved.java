package dev.passerelle.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a receiver's delivery URL resolved to (its row, its tenant's status, its secret in clear),
 * remembered for {@code passerelle.http.receiver-url-cache}: a sender posting one delivery after
 * another costs one query and one decryption a second, not one a delivery (the two were 12 % of
 * the edge's CPU, besides PostgreSQL's share, in bench/compare).
 *
 * <p>What a remembered entry may say wrongly, and for how long: the feature that owns the rows drops
 * every entry when a change to them commits ({@link #forgetOnCommit}; a pause, a deletion, a
 * rotation, a tenant suspended), so changes made on this instance apply from the next delivery;
 * made on another instance, within the ttl. A receiver checks a signature that does not match a
 * remembered secret again against {@link #fresh} before it refuses it, so a rotation never costs a
 * sender a refused delivery.
 *
 * @param <T> what a URL resolves to
 */
public final class RecentlyResolved<T> {

    /** A resolution, and whether it was remembered rather than read now. */
    public record Found<T>(T value, boolean remembered) {
    }

    private record Entry<T>(T value, long until) {
    }

    /** Past this many URLs the map is emptied: many senders with few deliveries each gain nothing from it. */
    static final int MAX_ENTRIES = 10_000;

    private final long ttlNanos;
    private final Function<String, Optional<T>> resolve;
    private final ConcurrentHashMap<String, Entry<T>> byKey = new ConcurrentHashMap<>();

    /**
     * {@code resolve} reads what a URL token's hash names, now; a zero {@code ttl} remembers nothing.
     * Tokens are kept by their hash only, as the rows are.
     */
    public RecentlyResolved(Duration ttl, Function<String, Optional<T>> resolve) {
        this.ttlNanos = ttl.toNanos();
        this.resolve = resolve;
    }

    /** The remembered resolution of {@code token}, or a fresh one, then remembered. */
    public Optional<Found<T>> get(String token) {
        String key = Tokens.sha256Hex(token);
        Entry<T> known = byKey.get(key);
        if (known != null && known.until() - System.nanoTime() > 0) {
            return Optional.of(new Found<>(known.value(), true));
        }
        return read(key);
    }

    /** The resolution of {@code token} read now, then remembered: a remembered one did not do. */
    public Optional<Found<T>> fresh(String token) {
        return read(Tokens.sha256Hex(token));
    }

    private Optional<Found<T>> read(String key) {
        long now = System.nanoTime();
        Optional<T> value = resolve.apply(key);
        if (value.isEmpty()) {
            byKey.remove(key);
            return Optional.empty();
        }
        if (ttlNanos > 0) {
            if (byKey.size() >= MAX_ENTRIES) {
                byKey.clear();
            }
            byKey.put(key, new Entry<>(value.get(), now + ttlNanos));
        }
        return Optional.of(new Found<>(value.get(), false));
    }

    /**
     * Forgets every URL now and again once the caller's transaction ends: a delivery resolved in
     * between would otherwise remember what the transaction is about to change.
     */
    public void forgetOnCommit() {
        byKey.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    byKey.clear();
                }
            });
        }
    }

    /** Forgets every URL now: a change already committed (a tenant suspended). */
    public void forgetAll() {
        byKey.clear();
    }
}
