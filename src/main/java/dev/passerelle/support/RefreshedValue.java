package dev.passerelle.support;

import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value read from the database and kept in memory, for a question asked on every event that must
 * not cost a query each time (does anyone want this event type? does any tenant send through
 * Peppol?). Read on first use, again after each change this instance commits, and on its owner's
 * timer for changes other instances made: another instance's change counts here within one period.
 */
public final class RefreshedValue<T> {

    private final Supplier<T> read;
    private volatile T value;

    public RefreshedValue(Supplier<T> read) {
        this.read = read;
    }

    public T get() {
        T known = value;
        return known == null ? refresh() : known;
    }

    public T refresh() {
        T fresh = read.get();
        value = fresh;
        return fresh;
    }

    /** After the current transaction commits (at once when there is none): what it changed is then visible. */
    public void refreshAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    refresh();
                }
            });
        } else {
            refresh();
        }
    }
}
