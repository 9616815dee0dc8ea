package dev.passerelle.woocommerce;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Delivery URLs resolved in the last {@code ttl}, each with its current secret revealed: a shop
 * sending orders one after another costs one query and one decryption a second, not one a
 * delivery (the two were 12 % of the edge's CPU, besides PostgreSQL's share, in bench/compare).
 *
 * <p>What a remembered entry may say wrongly, and for how long: a pause, a deletion or a rotation
 * made on this instance drops every entry when it commits ({@link #forgetOnCommit}), and so does a
 * tenant suspended or resumed here; made on another instance, it is seen within {@code ttl}. A
 * signature that does not match a remembered secret is checked again against a fresh read before
 * it is refused, so a rotation never costs a shop a refused delivery.
 */
final class RecentTargets {

    /** A resolved delivery URL with its current secret in clear. */
    record Resolved(WooConnections.Target target, String secret, boolean remembered) {
    }

    private record Entry(WooConnections.Target target, String secret, long until) {
    }

    /** Past this many URLs the map is emptied: many shops, few deliveries each, gain nothing from it. */
    static final int MAX_ENTRIES = 10_000;

    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> byTokenHash = new ConcurrentHashMap<>();

    RecentTargets(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The remembered resolution of {@code tokenHash}, or {@code resolve}'s, remembered for next time. */
    Optional<Resolved> get(String tokenHash, Function<String, Optional<Resolved>> resolve) {
        long now = System.nanoTime();
        Entry known = byTokenHash.get(tokenHash);
        if (known != null && known.until() - now > 0) {
            return Optional.of(new Resolved(known.target(), known.secret(), true));
        }
        Optional<Resolved> fresh = resolve.apply(tokenHash);
        if (ttlNanos > 0 && fresh.isPresent()) {
            if (byTokenHash.size() >= MAX_ENTRIES) {
                byTokenHash.clear();
            }
            byTokenHash.put(tokenHash, new Entry(fresh.get().target(), fresh.get().secret(), now + ttlNanos));
        }
        return fresh;
    }

    /**
     * Forgets every URL now and again once the caller's transaction commits: a delivery resolved in
     * between would otherwise remember what the transaction is about to change.
     */
    void forgetOnCommit() {
        byTokenHash.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    byTokenHash.clear();
                }
            });
        }
    }

    /** Forgets every URL now (a change already committed). */
    void forgetAll() {
        byTokenHash.clear();
    }

    /** Forgets one URL: its remembered secret did not match a signature. */
    void forget(String tokenHash) {
        byTokenHash.remove(tokenHash);
    }
}
